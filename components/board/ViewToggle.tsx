import type { BoardView } from "../../lib/users/board_view.ts";

export interface ViewToggleProps {
  view: BoardView;
  queueId: string;
  csrfToken: string;
  /** With JavaScript: switch at once and remember it in the background. */
  onChoose: (view: BoardView) => void;
}

const LABELS: Record<BoardView, string> = { cards: "Cards view", list: "List view" };

/**
 * Cards (today's roomy rows) or a dense list, remembered for this staff member on the server.
 * Each choice is a small form, so it works before (or without) the board's script.
 */
export function ViewToggle({ view, queueId, csrfToken, onChoose }: ViewToggleProps) {
  return (
    <div class="inline-flex rounded-lg bg-slate-200 p-0.5" role="group" aria-label="Board layout">
      {(["cards", "list"] as const).map((v) => (
        <form
          key={v}
          method="post"
          action="/dashboard/board-view"
          onSubmit={(ev) => {
            ev.preventDefault();
            onChoose(v);
          }}
        >
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="queueId" value={queueId} />
          <input type="hidden" name="view" value={v} />
          <button
            type="submit"
            aria-pressed={view === v ? "true" : "false"}
            data-testid={`view-${v}`}
            class={`min-h-9 rounded-md px-3 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-indigo-600 ${
              view === v ? "bg-white text-slate-900 shadow-sm" : "text-slate-800 hover:bg-slate-100"
            }`}
          >
            {LABELS[v]}
          </button>
        </form>
      ))}
    </div>
  );
}
