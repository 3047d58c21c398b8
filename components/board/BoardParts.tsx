import type { Signal } from "@preact/signals";
import { BUTTON, FOCUS } from "./buttons.ts";

export interface BoardMessage {
  text: string;
  tone: "ok" | "error";
}

/** Whether this board is receiving live updates right now. */
export function LiveBadge({ live }: { live: boolean }) {
  return (
    <span
      class={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ${
        live ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-800"
      }`}
      data-testid="board-live"
    >
      <span
        aria-hidden="true"
        class={`h-2 w-2 rounded-full ${live ? "bg-emerald-500" : "animate-pulse bg-amber-500"}`}
      />
      {live ? "Live" : "Reconnecting…"}
    </span>
  );
}

/**
 * The one place the board speaks: what just happened, or why it did not (a 409 from a colleague
 * who was quicker). A live region that is always in the page, so screen readers announce it.
 */
export function MessageBar({ message }: { message: Signal<BoardMessage | null> }) {
  const m = message.value;
  const look = !m
    ? "border-transparent"
    : m.tone === "error"
    ? "border-rose-300 bg-rose-50 text-rose-900"
    : "border-emerald-300 bg-emerald-50 text-emerald-900";
  return (
    <div class={`mt-3 flex min-h-12 items-center gap-2 rounded-xl border px-3 ${look}`}>
      <p
        class="flex-1 py-2 text-sm font-medium"
        role="status"
        aria-live="polite"
        data-testid="board-message"
        data-tone={m?.tone}
      >
        {m?.text}
      </p>
      {m && (
        <button
          type="button"
          class={`h-9 w-9 shrink-0 rounded-lg text-lg leading-none opacity-70 hover:bg-white/60 hover:opacity-100 ${FOCUS}`}
          aria-label="Dismiss message"
          onClick={() => (message.value = null)}
        >
          <span aria-hidden="true">×</span>
        </button>
      )}
    </div>
  );
}

export interface SelectionBarProps {
  total: number;
  count: number;
  busy: boolean;
  onToggleAll: () => void;
  onCallSelected: () => void;
  onClear: () => void;
}

/** Select several waiting parties and call them together (a big table freeing up, say). */
export function SelectionBar(p: SelectionBarProps) {
  const all = p.total > 0 && p.count === p.total;
  return (
    <div class="mb-3 flex flex-wrap items-center gap-2">
      <label class="inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-lg px-2 text-sm font-medium text-slate-700 hover:bg-slate-200">
        <input
          type="checkbox"
          class={`h-5 w-5 cursor-pointer accent-indigo-600 ${FOCUS}`}
          checked={all}
          indeterminate={p.count > 0 && !all}
          disabled={p.total === 0}
          onChange={p.onToggleAll}
        />
        Select all
      </label>
      <button
        type="button"
        class={BUTTON.primary}
        disabled={p.count === 0}
        aria-disabled={p.busy || undefined}
        onClick={() => !p.busy && p.onCallSelected()}
      >
        {p.busy ? "Calling…" : `Call selected (${p.count})`}
      </button>
      {p.count > 0 && (
        <button type="button" class={BUTTON.secondary} onClick={p.onClear}>
          Clear selection
        </button>
      )}
    </div>
  );
}
