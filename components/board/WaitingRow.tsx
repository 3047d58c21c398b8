import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import type { EntryAction } from "./board_client.ts";
import { BUTTON, FOCUS } from "./buttons.ts";
import { ConfirmButton } from "./ConfirmButton.tsx";
import { guests } from "./board_words.ts";
import { EntrySummary } from "./EntrySummary.tsx";

// `draggable` is "true"/"false", not a boolean attribute: a bare `draggable` from the server
// render means "auto" (not draggable), and hydration does not correct attributes.
const DRAGGABLE = "true" as unknown as boolean;
const NOT_DRAGGABLE = "false" as unknown as boolean;

/** Which control of a row had focus, so it can get it back after the row moved. */
export type FocusPart = "row" | "up" | "down";

export interface RowDrag {
  dragging: boolean;
  /** A dragged row would land just above this one. */
  dropBefore: boolean;
  onStart: (e: DragEvent, id: string) => void;
  onEnd: () => void;
  /** For `dragenter` and `dragover` alike: both must be cancelled to accept a drop. */
  onOver: (e: DragEvent, id: string) => void;
  onDrop: (e: DragEvent, id: string) => void;
}

export interface WaitingRowProps {
  entry: BoardEntry;
  index: number;
  count: number;
  now: number;
  selected: boolean;
  /** The action on its way to the server for this row, if any. */
  pending: string | null;
  drag: RowDrag;
  onToggle: (id: string) => void;
  onAction: (action: EntryAction, entry: BoardEntry) => void;
  onMove: (entry: BoardEntry, direction: -1 | 1, part: FocusPart) => void;
}

function rowClass(p: WaitingRowProps): string {
  const look = p.selected ? "border-indigo-400 bg-indigo-50" : "border-slate-200 bg-white";
  const drag = p.drag.dragging ? "opacity-40" : "";
  const drop = p.drag.dropBefore
    ? "before:absolute before:inset-x-1 before:-top-2 before:h-1 before:rounded-full before:bg-indigo-500"
    : "";
  const busy = p.pending ? "opacity-70" : "";
  return `relative rounded-xl border p-3 shadow-sm transition-opacity ${FOCUS} ${look} ${drag} ${drop} ${busy}`;
}

/** Moves focus to the row above or below (plain arrow keys inside the list). */
function focusSibling(li: HTMLElement, direction: -1 | 1) {
  const next = direction < 0 ? li.previousElementSibling : li.nextElementSibling;
  if (next instanceof HTMLElement) next.focus();
}

function GripIcon() {
  return (
    <svg viewBox="0 0 20 20" class="h-5 w-5" fill="currentColor" aria-hidden="true">
      <circle cx="7" cy="4" r="1.6" />
      <circle cx="13" cy="4" r="1.6" />
      <circle cx="7" cy="10" r="1.6" />
      <circle cx="13" cy="10" r="1.6" />
      <circle cx="7" cy="16" r="1.6" />
      <circle cx="13" cy="16" r="1.6" />
    </svg>
  );
}

/** One waiting party: drag handle, selection, details, quick actions and move buttons. */
export function WaitingRow(props: WaitingRowProps) {
  const { entry: e, index, count, pending, drag, onAction, onMove } = props;
  const t = e.ticketNumber;
  const busy = pending !== null;
  return (
    <li
      tabIndex={0}
      class={rowClass(props)}
      data-entry-id={e.id}
      data-ticket={t}
      data-status="waiting"
      aria-label={`${index + 1}. ${t} ${e.customerName}, ${guests(e.partySize)}`}
      aria-describedby="board-move-help"
      aria-busy={busy || undefined}
      onKeyDown={(ev) => {
        if (ev.key !== "ArrowUp" && ev.key !== "ArrowDown") return;
        const direction = ev.key === "ArrowUp" ? -1 : 1;
        if (ev.altKey) {
          ev.preventDefault();
          onMove(e, direction, "row");
        } else if (ev.target === ev.currentTarget) {
          ev.preventDefault();
          focusSibling(ev.currentTarget, direction);
        }
      }}
      onDragEnter={(ev) => drag.onOver(ev, e.id)}
      onDragOver={(ev) => drag.onOver(ev, e.id)}
      onDrop={(ev) => drag.onDrop(ev, e.id)}
    >
      <div class="flex items-start gap-1">
        <span
          draggable={busy ? NOT_DRAGGABLE : DRAGGABLE}
          data-drag-handle
          title={`Drag ${t} to a new place`}
          class="-ml-1 flex h-11 w-8 shrink-0 cursor-grab items-center justify-center rounded-md text-slate-400 hover:bg-slate-100 hover:text-slate-700 active:cursor-grabbing"
          onDragStart={(ev) => drag.onStart(ev, e.id)}
          onDragEnd={drag.onEnd}
        >
          <GripIcon />
        </span>
        <label class="flex h-11 w-11 shrink-0 cursor-pointer items-center justify-center rounded-lg hover:bg-slate-100">
          <input
            type="checkbox"
            class={`h-5 w-5 cursor-pointer accent-indigo-600 ${FOCUS}`}
            aria-label={`Select ${t}`}
            checked={props.selected}
            onChange={() => props.onToggle(e.id)}
          />
        </label>
        <div class="min-w-0 flex-1 pt-1.5">
          <EntrySummary entry={e} now={props.now} place={index + 1} />
          <div class="mt-3 flex flex-wrap items-center gap-2">
            <button
              type="button"
              class={BUTTON.primary}
              aria-label={`Call ${t}`}
              aria-disabled={busy || undefined}
              onClick={() => !busy && onAction("call", e)}
            >
              {pending === "call" ? "Calling…" : "Call"}
            </button>
            {/* No "No-show" here: a party that was never called cannot have missed its call. */}
            <ConfirmButton
              label="Cancel"
              name={`Cancel ${t}`}
              busy={busy}
              onConfirm={() => onAction("cancel", e)}
            />
          </div>
        </div>
        <div class="flex shrink-0 flex-col gap-2 pl-2">
          <button
            type="button"
            class={BUTTON.icon}
            aria-label={`Move ${t} up`}
            data-focus-part="up"
            disabled={index === 0}
            onClick={() => onMove(e, -1, "up")}
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            class={BUTTON.icon}
            aria-label={`Move ${t} down`}
            data-focus-part="down"
            disabled={index === count - 1}
            onClick={() => onMove(e, 1, "down")}
          >
            <span aria-hidden="true">↓</span>
          </button>
        </div>
      </div>
    </li>
  );
}
