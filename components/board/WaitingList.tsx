import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import { changesOrder, type EntryAction } from "./board_client.ts";
import { type FocusPart, type RowDrag, WaitingRow } from "./WaitingRow.tsx";

const END = "end";

export interface WaitingListProps {
  entries: BoardEntry[];
  now: number;
  selected: ReadonlySet<string>;
  pending: ReadonlyMap<string, string>;
  onToggle: (id: string) => void;
  onAction: (action: EntryAction, entry: BoardEntry) => void;
  onStep: (entry: BoardEntry, direction: -1 | 1, part: FocusPart) => void;
  /** Moves `entry` to just before `beforeId`; null is the end of the line. */
  onReorder: (entry: BoardEntry, beforeId: string | null) => void;
}

/**
 * The waiting line, reorderable with HTML5 drag and drop: a row dropped on another lands just
 * above it, dropped on the end zone it goes last. Keyboard and touch use the rows' move buttons.
 */
export function WaitingList(props: WaitingListProps) {
  const { entries } = props;
  // The dragged id lives in a ref for the event handlers; the signal only restyles, one tick
  // later, because Chrome cancels a drag whose source changes during `dragstart`.
  const dragged = useRef<string | null>(null);
  const dragId = useSignal<string | null>(null);
  const dropTarget = useSignal<string | null>(null);

  function reset() {
    dragged.current = null;
    dragId.value = null;
    dropTarget.value = null;
  }

  function over(ev: DragEvent, targetId: string | null) {
    const from = dragged.current;
    if (!from) return;
    ev.preventDefault();
    if (ev.dataTransfer) ev.dataTransfer.dropEffect = "move";
    const useful = changesOrder(entries, from, targetId);
    dropTarget.value = useful ? (targetId ?? END) : null;
  }

  function drop(ev: DragEvent, targetId: string | null) {
    const from = dragged.current;
    if (!from) return;
    ev.preventDefault();
    reset();
    const entry = entries.find((e) => e.id === from);
    if (entry && changesOrder(entries, from, targetId)) props.onReorder(entry, targetId);
  }

  function rowDrag(id: string): RowDrag {
    return {
      dragging: dragId.value === id,
      dropBefore: dropTarget.value === id,
      onStart(ev, entryId) {
        dragged.current = entryId;
        const row = (ev.currentTarget as HTMLElement).closest("li");
        if (ev.dataTransfer) {
          ev.dataTransfer.effectAllowed = "move";
          ev.dataTransfer.setData("text/plain", row?.dataset.ticket ?? entryId);
          if (row) ev.dataTransfer.setDragImage(row, 24, 24);
        }
        setTimeout(() => (dragId.value = dragged.current), 0);
      },
      onEnd: reset,
      onOver: over,
      onDrop: drop,
    };
  }

  const dragging = dragId.value !== null;
  const endActive = dropTarget.value === END;
  return (
    <>
      <ol class="flex flex-col gap-3" data-testid="waiting-list">
        {entries.map((e, i) => (
          <WaitingRow
            key={e.id}
            entry={e}
            index={i}
            count={entries.length}
            now={props.now}
            selected={props.selected.has(e.id)}
            pending={props.pending.get(e.id) ?? null}
            drag={rowDrag(e.id)}
            onToggle={props.onToggle}
            onAction={props.onAction}
            onMove={props.onStep}
          />
        ))}
      </ol>
      {entries.length > 1 && (
        <div
          data-testid="drop-end"
          aria-hidden="true"
          class={`mt-2 flex items-center justify-center overflow-hidden rounded-xl border-2 border-dashed text-sm font-medium transition-all ${
            dragging
              ? endActive
                ? "h-14 border-indigo-500 bg-indigo-100 text-indigo-800"
                : "h-14 border-indigo-300 bg-indigo-50 text-indigo-700"
              : "h-3 border-transparent text-transparent"
          }`}
          onDragEnter={(ev) => over(ev, null)}
          onDragOver={(ev) => over(ev, null)}
          onDrop={(ev) => drop(ev, null)}
        >
          Drop here to move to the end of the line
        </div>
      )}
    </>
  );
}
