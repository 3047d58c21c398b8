import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { BoardEntry, BoardSnapshot } from "../lib/queue/snapshot.ts";

export interface StaffBoardProps {
  board: BoardSnapshot;
  eventsUrl: string;
  callNextUrl: string;
}

function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}

function partyClass(size: number): string {
  if (size >= 7) return "bg-rose-100 text-rose-800";
  if (size >= 4) return "bg-amber-100 text-amber-800";
  return "bg-emerald-100 text-emerald-800";
}

function Row({ e, now }: { e: BoardEntry; now: number }) {
  return (
    <li class="flex items-start gap-3 border-t py-3" data-entry-id={e.id}>
      <span class="w-16 font-mono text-lg font-bold">{e.ticketNumber}</span>
      <div class="flex-1">
        <p class="font-semibold">{e.customerName}</p>
        <p class="text-sm text-slate-600">{e.customerPhone}</p>
        {e.notes && <p class="text-sm italic text-slate-700">“{e.notes}”</p>}
      </div>
      <span class={`rounded-full px-2 py-1 text-sm font-semibold ${partyClass(e.partySize)}`}>
        {e.partySize} ppl
      </span>
      <span class="w-20 text-right text-sm text-slate-600">
        {minutesSince(e.status === "called" && e.calledAt ? e.calledAt : e.joinedAt, now)} min
      </span>
    </li>
  );
}

/** The live board of one queue; every open board of the tenant follows the same events. */
export default function StaffBoard({ board, eventsUrl, callNextUrl }: StaffBoardProps) {
  const state = useSignal(board);
  const message = useSignal<string | null>(null);
  const busy = useSignal(false);
  const now = useSignal(Date.now());

  useEffect(() => {
    const source = new EventSource(eventsUrl);
    source.addEventListener("update", (e) => {
      const next = JSON.parse((e as MessageEvent).data) as BoardSnapshot | null;
      if (next) state.value = next;
    });
    const tick = setInterval(() => (now.value = Date.now()), 30_000);
    const close = () => source.close();
    addEventListener("pagehide", close);
    return () => {
      clearInterval(tick);
      removeEventListener("pagehide", close);
      source.close();
    };
  }, [eventsUrl]);

  async function callNext() {
    busy.value = true;
    try {
      const res = await fetch(callNextUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: "{}",
      });
      const body = await res.json().catch(() => ({}));
      message.value = res.ok
        ? `Called ${body.entry.ticketNumber}: ${body.entry.customerName} (party of ${body.entry.partySize})`
        : body.error ?? "That did not work; try again";
    } catch {
      message.value = "No connection; try again";
    } finally {
      busy.value = false;
    }
  }

  const b = state.value;
  return (
    <div>
      <div class="flex flex-wrap items-center justify-between gap-3">
        <h1 class="text-xl font-bold">{b.queueName}</h1>
        <button
          type="button"
          onClick={callNext}
          disabled={busy.value || b.waiting.length === 0}
          class="rounded-lg bg-indigo-600 px-5 py-3 font-semibold text-white disabled:opacity-50"
        >
          Call next
        </button>
      </div>
      <p class="mt-2 min-h-6 text-sm text-slate-700" role="status" data-testid="board-message">
        {message.value}
      </p>
      <div class="mt-4 grid gap-6 md:grid-cols-2">
        <section class="rounded-xl bg-white p-4 shadow-sm">
          <h2 class="font-semibold">Waiting ({b.waiting.length})</h2>
          <ol data-testid="waiting-list">
            {b.waiting.map((e) => <Row key={e.id} e={e} now={now.value} />)}
          </ol>
          {b.waiting.length === 0 && <p class="py-3 text-slate-500">Nobody is waiting.</p>}
        </section>
        <section class="rounded-xl bg-white p-4 shadow-sm">
          <h2 class="font-semibold">Called ({b.called.length})</h2>
          <ol data-testid="called-list">
            {b.called.map((e) => <Row key={e.id} e={e} now={now.value} />)}
          </ol>
        </section>
      </div>
    </div>
  );
}
