import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { BoardSnapshot } from "../../lib/queue/snapshot.ts";

export interface BoardStream {
  /** Whether the event stream is open right now. */
  live: Signal<boolean>;
  /** Reopens the stream, so the server sends its current snapshot at once. */
  resync: () => void;
}

/**
 * Follows the board's event stream: every `update` carries the whole snapshot, which
 * `onSnapshot` receives. The browser reconnects by itself; `resync` forces a fresh snapshot
 * (after a 409 the stream may still be catching up). Closed on `pagehide`.
 */
export function useBoardStream(
  eventsUrl: string,
  onSnapshot: (board: BoardSnapshot) => void,
): BoardStream {
  const live = useSignal(false);
  const handler = useRef(onSnapshot);
  handler.current = onSnapshot;
  const reopen = useRef<() => void>(() => {});

  useEffect(() => {
    let source: EventSource | null = null;
    function open() {
      source?.close();
      const next = new EventSource(eventsUrl);
      next.onopen = () => (live.value = true);
      next.onerror = () => (live.value = next.readyState === EventSource.OPEN);
      next.addEventListener("update", (e) => {
        const board = JSON.parse((e as MessageEvent).data) as BoardSnapshot | null;
        if (board) handler.current(board);
      });
      source = next;
    }
    function close() {
      source?.close();
      live.value = false;
    }
    // A page restored from the back/forward cache comes back with its stream closed.
    function reopenRestored(e: PageTransitionEvent) {
      if (e.persisted) open();
    }
    open();
    reopen.current = open;
    addEventListener("pagehide", close);
    addEventListener("pageshow", reopenRestored);
    return () => {
      removeEventListener("pagehide", close);
      removeEventListener("pageshow", reopenRestored);
      reopen.current = () => {};
      close();
    };
  }, [eventsUrl]);

  return { live, resync: () => reopen.current() };
}
