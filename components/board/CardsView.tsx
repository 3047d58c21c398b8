import type { BoardEntry } from "../../lib/queue/snapshot.ts";
import type { EntryAction } from "./board_client.ts";
import { SelectionBar } from "./BoardParts.tsx";
import { CalledRow } from "./CalledRow.tsx";
import { WaitingList } from "./WaitingList.tsx";
import type { FocusPart } from "./WaitingRow.tsx";

export interface CardsViewProps {
  waiting: BoardEntry[];
  called: BoardEntry[];
  now: number;
  selected: ReadonlySet<string>;
  pending: ReadonlyMap<string, string>;
  bulkBusy: boolean;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onCallSelected: () => void;
  onClearSelection: () => void;
  onAction: (action: EntryAction, entry: BoardEntry) => void;
  onStep: (entry: BoardEntry, direction: -1 | 1, part: FocusPart) => void;
  onReorder: (entry: BoardEntry, beforeId: string | null) => void;
}

/** The roomy board: the waiting line (select, drag, move) beside the called parties. */
export function CardsView(p: CardsViewProps) {
  return (
    <div class="mt-4 grid items-start gap-6 lg:grid-cols-2">
      <section class="min-w-0 rounded-2xl bg-slate-100 p-3 ring-1 ring-slate-200">
        <h2 class="mb-2 px-1 text-lg font-semibold">Waiting ({p.waiting.length})</h2>
        <SelectionBar
          total={p.waiting.length}
          count={p.selected.size}
          busy={p.bulkBusy}
          onToggleAll={p.onToggleAll}
          onCallSelected={p.onCallSelected}
          onClear={p.onClearSelection}
        />
        <WaitingList
          entries={p.waiting}
          now={p.now}
          selected={p.selected}
          pending={p.pending}
          onToggle={p.onToggle}
          onAction={p.onAction}
          onStep={p.onStep}
          onReorder={p.onReorder}
        />
        {p.waiting.length === 0 && <p class="px-1 py-6 text-slate-600">Nobody is waiting.</p>}
        <p id="board-move-help" class="mt-3 px-1 text-xs text-slate-600">
          Reorder: drag a row by its handle, use the ↑ ↓ buttons, or Alt+↑ / Alt+↓ on a row.
        </p>
      </section>
      <section class="min-w-0 rounded-2xl bg-slate-100 p-3 ring-1 ring-slate-200">
        <h2 class="mb-2 px-1 text-lg font-semibold">Called ({p.called.length})</h2>
        <ol class="flex flex-col gap-3" data-testid="called-list">
          {p.called.map((e) => (
            <CalledRow
              key={e.id}
              entry={e}
              now={p.now}
              pending={p.pending.get(e.id) ?? null}
              onAction={p.onAction}
            />
          ))}
        </ol>
        {p.called.length === 0 && <p class="px-1 py-6 text-slate-600">Nobody is called yet.</p>}
      </section>
    </div>
  );
}
