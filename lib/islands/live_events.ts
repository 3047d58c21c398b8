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
  /**
   * The server refuses the stream to this visitor (signed out, session revoked): by default the
   * page reloads, so its own guard shows the sign-in page.
   */
  refused?(): void;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * EventSource retries by itself only while the server keeps answering with an event stream; a
 * 502 during a deploy or a 429 closes it for good. Then this asks the server why: a refusal (a
 * redirect to sign in, 401, 403) ends following (`refused`); anything else reopens it with
 * backoff. It reopens again when a page comes back from the back/forward cache. Closed on
 * `pagehide`.
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
      whyClosed().then((refused) => {
        if (closed || source !== next) return;
        if (refused) return handlers.refused ? handlers.refused() : location.reload();
        timer = setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      });
    };
    next.addEventListener("update", (e) => handlers.update(JSON.parse((e as MessageEvent).data)));
    source = next;
  }
  /** Whether the server refuses this visitor the stream, rather than failing for a while. */
  async function whyClosed(): Promise<boolean> {
    try {
      const res = await fetch(url, {
        headers: { accept: "text/event-stream" },
        redirect: "manual",
        cache: "no-store",
      });
      await res.body?.cancel();
      return res.type === "opaqueredirect" || res.status === 401 || res.status === 403;
    } catch {
      return false;
    }
  }
  function hide() {
    clearTimeout(timer);
    source?.close();
    source = null;
  }
  function show(e: PageTransitionEvent) {
    if (e.persisted && !closed) open();
  }
  /**
   * The page arrives rendered with the current state, so the stream can wait until the page has
   * loaded and the browser is idle: it never competes with the page's own requests, and a page
   * load (as Lighthouse measures it) ends without waiting on a stream that never ends.
   */
  function openWhenLoaded() {
    const start = () => {
      if (closed || source) return;
      if (typeof requestIdleCallback === "function") {
        requestIdleCallback(() => closed || source ? undefined : open(), { timeout: 2_000 });
      } else setTimeout(() => closed || source ? undefined : open(), 0);
    };
    if (document.readyState === "complete") start();
    else addEventListener("load", start, { once: true });
  }
  addEventListener("pagehide", hide);
  addEventListener("pageshow", show);
  openWhenLoaded();
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
