import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { BoardSnapshot } from "../../lib/queue/snapshot.ts";
import { followLiveEvents } from "../../lib/islands/live_events.ts";

export interface BoardStream {
  /** Whether the event stream is open right now. */
  live: Signal<boolean>;
  /** Reopens the stream, so the server sends its current snapshot at once. */
  resync: () => void;
}

/**
 * Follows the board's event stream: every `update` carries the whole snapshot, which
 * `onSnapshot` receives. It reconnects after any drop (see followLiveEvents); `resync` forces a
 * fresh snapshot (after a 409 the stream may still be catching up).
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
    const events = followLiveEvents(eventsUrl, {
      update(data) {
        if (data) handler.current(data as BoardSnapshot);
      },
      open: () => (live.value = true),
      down: () => (live.value = false),
    });
    reopen.current = events.reopen;
    return () => {
      reopen.current = () => {};
      events.close();
      live.value = false;
    };
  }, [eventsUrl]);

  return { live, resync: () => reopen.current() };
}
