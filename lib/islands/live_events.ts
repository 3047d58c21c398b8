/** Browser side: follows a server-sent event stream for as long as the page is shown. */
export interface LiveEvents {
  /** Reopens the stream now, so the server sends its current state at once. */
  reopen(): void;
  close(): void;
}

export interface LiveEventHandlers {
  update(data: unknown): void;
  /** The stream is open (again). */
  open?(): void;
  /** The stream dropped; it is being reopened. */
  down?(): void;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * EventSource retries by itself only while the server keeps answering with an event stream; a
 * 502 during a deploy or a 429 closes it for good. Then this reopens it with backoff, and again
 * when a page comes back from the back/forward cache. Closed on `pagehide`.
 */
export function followLiveEvents(url: string, handlers: LiveEventHandlers): LiveEvents {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = FIRST_RETRY_MS;
  let closed = false;

  function open() {
    clearTimeout(timer);
    source?.close();
    const next = new EventSource(url);
    next.onopen = () => {
      retryMs = FIRST_RETRY_MS;
      handlers.open?.();
    };
    next.onerror = () => {
      handlers.down?.();
      if (next.readyState !== EventSource.CLOSED || closed) return;
      timer = setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    };
    next.addEventListener("update", (e) => handlers.update(JSON.parse((e as MessageEvent).data)));
    source = next;
  }
  function hide() {
    clearTimeout(timer);
    source?.close();
  }
  function show(e: PageTransitionEvent) {
    if (e.persisted && !closed) open();
  }
  addEventListener("pagehide", hide);
  addEventListener("pageshow", show);
  open();
  return {
    reopen: open,
    close() {
      closed = true;
      hide();
      removeEventListener("pagehide", hide);
      removeEventListener("pageshow", show);
    },
  };
}
