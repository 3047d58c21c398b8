import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { FocusPart } from "./WaitingRow.tsx";

/** How long after a move the board keeps watching for the moved row losing focus. */
const WATCH_MS = 5000;

/**
 * Keeps keyboard focus on a row that moves. Moving a DOM node blurs it, and the move happens
 * whenever the server's snapshot arrives; so after each render, if focus fell to the page body
 * (or onto a button that just became disabled), it goes back to the moved row's control. Focus
 * the user put somewhere else is left alone.
 */
export function useRefocus(root: RefObject<HTMLElement>): (id: string, part: FocusPart) => void {
  const target = useRef<{ id: string; part: FocusPart; until: number } | null>(null);

  useEffect(() => {
    const t = target.current;
    if (!t) return;
    if (Date.now() > t.until) {
      target.current = null;
      return;
    }
    const row = root.current?.querySelector<HTMLElement>(`li[data-entry-id="${t.id}"]`);
    if (!row) return;
    const active = document.activeElement as HTMLElement | null;
    const lost = !active || active === document.body;
    if (!lost && !row.contains(active)) {
      target.current = null;
      return;
    }
    if (!lost && !(active as HTMLButtonElement).disabled) return;
    const control = t.part === "row"
      ? null
      : row.querySelector<HTMLButtonElement>(`[data-focus-part="${t.part}"]`);
    (control && !control.disabled ? control : row).focus();
  });

  return function focusAfterMove(id, part) {
    target.current = { id, part, until: Date.now() + WATCH_MS };
  };
}
