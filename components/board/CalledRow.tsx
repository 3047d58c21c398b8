import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import type { EntryAction } from "./board_client.ts";
import { BUTTON } from "./buttons.ts";
import { EndButtons } from "./ConfirmButton.tsx";
import { EntrySummary } from "./EntrySummary.tsx";

export interface CalledRowProps {
  entry: BoardEntry;
  now: number;
  /** The action on its way to the server for this row, if any. */
  pending: string | null;
  onAction: (action: EntryAction, entry: BoardEntry) => void;
}

/** One called party: who to look out for (with the code to check) and what happened next. */
export function CalledRow({ entry: e, now, pending, onAction }: CalledRowProps) {
  const t = e.ticketNumber;
  const busy = pending !== null;
  return (
    <li
      class={`rounded-xl border border-emerald-200 border-l-4 border-l-emerald-500 bg-white p-3 shadow-sm transition-opacity ${
        busy ? "opacity-70" : ""
      }`}
      data-entry-id={e.id}
      data-ticket={t}
      data-status="called"
      aria-busy={busy || undefined}
    >
      <EntrySummary entry={e} now={now} />
      <div class="mt-3 flex flex-wrap items-center gap-2">
        <button
          type="button"
          class={BUTTON.seat}
          aria-label={`Seat ${t}`}
          aria-disabled={busy || undefined}
          onClick={() => !busy && onAction("seat", e)}
        >
          {pending === "seat" ? "Seating…" : "Seat"}
        </button>
        <button
          type="button"
          class={BUTTON.secondary}
          aria-label={`Requeue ${t}`}
          title="Back to the waiting line, in its old place"
          aria-disabled={busy || undefined}
          onClick={() => !busy && onAction("requeue", e)}
        >
          {pending === "requeue" ? "Requeuing…" : "Requeue"}
        </button>
        <EndButtons ticket={t} busy={busy} onEnd={(action) => onAction(action, e)} />
      </div>
    </li>
  );
}
