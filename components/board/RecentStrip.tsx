import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { RecentEntry } from "../../lib/queue/snapshot.ts";
import { BUTTON } from "./buttons.ts";
import { guests } from "./board_words.ts";

export interface RecentStripProps {
  recent: RecentEntry[];
  /** When the snapshot holding `recent` arrived (this browser's clock). */
  receivedAt: number;
  pending: ReadonlyMap<string, string>;
  onUndo: (entry: RecentEntry) => void;
}

/** Seconds left of an undo, counted from the snapshot's arrival. */
function secondsLeft(entry: RecentEntry, receivedAt: number, now: number): number {
  return Math.ceil(entry.undoSecondsLeft - (now - receivedAt) / 1000);
}

/**
 * Parties seated or completed in the last minute, each with an Undo: a seat tapped on the wrong
 * row is put right in one tap. The server decides (its clock, its minute); an undo it refuses
 * says why in the board's message bar. An item leaves when its minute is over here.
 */
export function RecentStrip({ recent, receivedAt, pending, onUndo }: RecentStripProps) {
  const now = useSignal(Date.now());
  useEffect(() => {
    if (recent.length === 0) return;
    const tick = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(tick);
  }, [recent]);
  const open = recent.filter((e) => secondsLeft(e, receivedAt, now.value) > 0);
  if (open.length === 0) return null;
  return (
    <section
      class="mt-3 rounded-xl bg-white px-3 py-2 ring-1 ring-slate-300"
      aria-labelledby="recent-heading"
      data-testid="recent-strip"
    >
      <h2 id="recent-heading" class="text-sm font-semibold text-slate-800">
        Just finished (undo within a minute)
      </h2>
      <ul class="mt-1 flex flex-wrap gap-2">
        {open.map((e) => {
          const busy = pending.has(e.id);
          const word = e.status === "seated" ? "seated" : "completed";
          return (
            <li
              key={e.id}
              class="flex items-center gap-2 rounded-lg bg-slate-100 py-1 pl-3 pr-1 text-sm"
              data-ticket={e.ticketNumber}
              data-status={e.status}
            >
              <span>
                <span class="font-mono font-bold">{e.ticketNumber}</span> {e.customerName}{" "}
                ({guests(e.partySize)}), {word}
              </span>
              <span class="tabular-nums text-slate-700" aria-hidden="true">
                {secondsLeft(e, receivedAt, now.value)} s
              </span>
              <button
                type="button"
                class={BUTTON.secondary}
                aria-label={`Undo: ${e.ticketNumber} ${word}`}
                aria-disabled={busy || undefined}
                onClick={() => !busy && onUndo(e)}
              >
                {busy ? "Undoing…" : "Undo"}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
