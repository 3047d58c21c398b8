import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { BoardEntry, BoardSnapshot, RecentEntry } from "../lib/queue/snapshot.ts";
import type { BoardView } from "../lib/users/board_view.ts";
import {
  describeAction,
  type EntryAction,
  neighbourTarget,
  postJson,
} from "../components/board/board_client.ts";
import { type BoardMessage, LiveBadge, MessageBar } from "../components/board/BoardParts.tsx";
import { BUTTON } from "../components/board/buttons.ts";
import { useBoardStream } from "../components/board/use_board_stream.ts";
import type { FocusPart } from "../components/board/WaitingRow.tsx";
import { CardsView } from "../components/board/CardsView.tsx";
import { DenseList } from "../components/board/DenseList.tsx";
import { RecentStrip } from "../components/board/RecentStrip.tsx";
import { ViewToggle } from "../components/board/ViewToggle.tsx";
import { guests } from "../components/board/board_words.ts";
import { useRefocus } from "../components/board/use_refocus.ts";
import { ChatPanel } from "../components/board/ChatPanel.tsx";

export interface StaffBoardProps {
  board: BoardSnapshot;
  eventsUrl: string;
  callNextUrl: string;
  /** `/api/queues/:id`; by default `callNextUrl` without its `/call-next`. */
  apiBase?: string;
  /** The tenant's quick chat messages, for the chat panel. */
  chatTemplates?: string[];
  /** Cards or the dense list, as this staff member last chose. */
  initialView?: BoardView;
  /** For the view switch's no-script forms. */
  csrfToken?: string;
}

/** How long a finished action waits for the snapshot that shows it before un-dimming its row. */
const SETTLE_MS = 2000;

/**
 * The live board of one queue. Nothing changes on a click alone: the row shows it is busy, the
 * server decides, and every open board (this one too) redraws from the snapshot it publishes.
 */
export default function StaffBoard(
  {
    board,
    eventsUrl,
    callNextUrl,
    apiBase,
    chatTemplates = [],
    initialView = "cards",
    csrfToken = "",
  }: StaffBoardProps,
) {
  const api = apiBase ?? callNextUrl.replace(/\/call-next$/, "");
  const state = useSignal(board);
  const message = useSignal<BoardMessage | null>(null);
  const pending = useSignal<ReadonlyMap<string, string>>(new Map());
  const busy = useSignal<"next" | "bulk" | null>(null);
  const selected = useSignal<ReadonlySet<string>>(new Set());
  const now = useSignal(Date.now());
  const view = useSignal<BoardView>(initialView);
  const receivedAt = useSignal(Date.now());
  const waiters = useRef<Array<() => void>>([]);
  const root = useRef<HTMLDivElement>(null);
  const refocus = useRefocus(root);

  const stream = useBoardStream(eventsUrl, (next) => {
    state.value = next;
    receivedAt.value = Date.now();
    const live = new Set(next.waiting.map((e) => e.id));
    const kept = [...selected.value].filter((id) => live.has(id));
    if (kept.length !== selected.value.size) selected.value = new Set(kept);
    for (const wake of waiters.current.splice(0)) wake();
  });

  useEffect(() => {
    const tick = setInterval(() => (now.value = Date.now()), 30_000);
    return () => clearInterval(tick);
  }, []);

  function nextSnapshot(): Promise<void> {
    return new Promise((resolve) => {
      waiters.current.push(resolve);
      setTimeout(resolve, SETTLE_MS);
    });
  }

  function setPending(ids: string[], label: string | null) {
    const map = new Map(pending.value);
    for (const id of ids) label ? map.set(id, label) : map.delete(id);
    pending.value = map;
  }

  /** Sends one action; on success waits for the snapshot, on failure says why and resyncs. */
  async function run(
    ids: string[],
    label: string,
    path: string,
    body: unknown,
    onOk: (data: Record<string, unknown>) => string,
  ): Promise<void> {
    setPending(ids, label);
    const settled = nextSnapshot();
    const result = await postJson(`${api}/${path}`, body);
    if (result.ok) {
      message.value = { tone: "ok", text: onOk(result.data) };
      await settled;
    } else {
      message.value = { tone: "error", text: result.error };
      // The winner's change is on its way through the stream; reopening makes sure of it.
      if (result.status === 409 || result.status === 404 || result.status === 0) stream.resync();
    }
    setPending(ids, null);
  }

  function act(action: EntryAction, entry: BoardEntry) {
    if (pending.value.has(entry.id)) return;
    run([entry.id], action, `${action}/${entry.id}`, {}, () => describeAction(action, entry));
  }

  function reorder(entry: BoardEntry, beforeId: string | null, part: FocusPart = "row") {
    if (pending.value.has(entry.id)) return;
    refocus(entry.id, part);
    run([entry.id], "move", "reorder", { entryId: entry.id, beforeEntryId: beforeId }, (data) => {
      const place = (data.entry as { position?: number } | undefined)?.position;
      return `Moved ${entry.ticketNumber} to place ${place ?? "?"}`;
    });
  }

  function step(entry: BoardEntry, direction: -1 | 1, part: FocusPart) {
    const before = neighbourTarget(state.value.waiting, entry.id, direction);
    if (before !== undefined) reorder(entry, before, part);
  }

  async function callNext() {
    if (busy.value) return;
    busy.value = "next";
    await run([], "call", "call-next", {}, (data) => {
      const e = data.entry as BoardEntry;
      return `Called ${e.ticketNumber}: ${e.customerName} (${guests(e.partySize)})`;
    });
    busy.value = null;
  }

  async function callSelected() {
    const ids = state.value.waiting.filter((e) => selected.value.has(e.id)).map((e) => e.id);
    if (busy.value || ids.length === 0) return;
    busy.value = "bulk";
    await run(ids, "call", "call-bulk", { entryIds: ids }, (data) => {
      selected.value = new Set();
      const tickets = new Map((data.entries as BoardEntry[]).map((e) => [e.id, e.ticketNumber]));
      return `Called ${ids.map((id) => tickets.get(id)).join(", ")}`;
    });
    busy.value = null;
  }

  function toggle(id: string) {
    const next = new Set(selected.value);
    next.has(id) ? next.delete(id) : next.add(id);
    selected.value = next;
  }

  function toggleAll() {
    const waiting = state.value.waiting;
    const all = waiting.length > 0 && waiting.every((e) => selected.value.has(e.id));
    selected.value = all ? new Set() : new Set(waiting.map((e) => e.id));
  }

  function undo(entry: RecentEntry) {
    if (pending.value.has(entry.id)) return;
    run([entry.id], "undo", `undo/${entry.id}`, {}, () => {
      const word = entry.status === "seated" ? "seat" : "completion";
      return `Undid the ${word} of ${entry.ticketNumber}: ${entry.customerName} is back`;
    });
  }

  /** Switches at once; the choice is remembered on the server for this person. */
  async function chooseView(next: BoardView) {
    if (view.value === next) return;
    view.value = next;
    const saved = await postJson("/dashboard/board-view", { view: next });
    if (!saved.ok) message.value = { tone: "error", text: saved.error };
  }

  const b = state.value;
  const first = b.waiting[0];
  const dense = view.value === "list";
  return (
    <div ref={root}>
      <div class="flex flex-wrap items-center justify-between gap-3">
        <div class="min-w-0">
          <h1 class="text-2xl font-bold tracking-tight">{b.queueName}</h1>
          <p class="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <LiveBadge live={stream.live.value} />
            <span>{b.waiting.length} waiting · {b.called.length} called</span>
          </p>
        </div>
        <div class="flex flex-wrap items-center gap-3">
          <ViewToggle
            view={view.value}
            queueId={b.queueId}
            csrfToken={csrfToken}
            onChoose={chooseView}
          />
          <button
            type="button"
            onClick={callNext}
            disabled={b.waiting.length === 0}
            aria-disabled={busy.value === "next" || undefined}
            class={`${BUTTON.primary} ${dense ? "min-h-11" : "min-h-14"} px-6 text-base`}
          >
            Call next
            {first && (
              <span aria-hidden="true" class="font-mono text-sm font-medium text-indigo-100">
                {first.ticketNumber}
              </span>
            )}
          </button>
        </div>
      </div>
      <MessageBar message={message} />
      <RecentStrip
        recent={b.recent}
        receivedAt={receivedAt.value}
        pending={pending.value}
        onUndo={undo}
      />
      {dense
        ? (
          <DenseList
            waiting={b.waiting}
            called={b.called}
            now={now.value}
            pending={pending.value}
            onAction={act}
          />
        )
        : (
          <CardsView
            waiting={b.waiting}
            called={b.called}
            now={now.value}
            selected={selected.value}
            pending={pending.value}
            bulkBusy={busy.value === "bulk"}
            onToggle={toggle}
            onToggleAll={toggleAll}
            onCallSelected={callSelected}
            onClearSelection={() => (selected.value = new Set())}
            onAction={act}
            onStep={step}
            onReorder={(entry, beforeId) => reorder(entry, beforeId)}
          />
        )}
      <ChatPanel entries={[...b.waiting, ...b.called]} templates={chatTemplates} />
    </div>
  );
}
