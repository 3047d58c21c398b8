/** One `update` event of a server-sent event stream. */
export interface SseEvent {
  /** Null for an event sent before its change's version was written (the hub's preview). */
  id: string | null;
  data: unknown;
}

export interface SseReader {
  /**
   * The next `update` event, or null once the server has ended the stream. Rejects if neither
   * comes within `timeoutMs` (a bound that keeps a test from hanging, not a timing assertion).
   */
  next(timeoutMs?: number): Promise<SseEvent | null>;
  /** Reads past every event until the stream ends (null) or `timeoutMs` passes (rejects). */
  end(timeoutMs?: number): Promise<SseEvent[]>;
  cancel(): Promise<void>;
  /** Every `retry:` hint read so far, in milliseconds. */
  readonly retries: number[];
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** Reads SSE events from a response body, one `update` event at a time. */
export function sseReader(body: ReadableStream<Uint8Array<ArrayBuffer>>): SseReader {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let ended = false;
  const retries: number[] = [];

  async function readEvent(): Promise<SseEvent | null> {
    while (true) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const retry = block.match(/^retry: (\d+)$/m)?.[1];
        if (retry) retries.push(Number(retry));
        if (!block.includes("event: update")) continue;
        const id = block.match(/^id: (.*)$/m)?.[1] ?? null;
        return { id, data: JSON.parse(block.match(/^data: (.*)$/m)![1]!) };
      }
      if (ended) return null;
      const { value, done } = await reader.read();
      if (done) ended = true;
      else buffer += value;
    }
  }

  async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`No ${what} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    next(timeoutMs = DEFAULT_TIMEOUT_MS) {
      return withTimeout(readEvent(), timeoutMs, "event or end of stream");
    },
    end(timeoutMs = DEFAULT_TIMEOUT_MS) {
      return withTimeout(
        (async function readToEnd() {
          const events: SseEvent[] = [];
          for (let event = await readEvent(); event; event = await readEvent()) events.push(event);
          return events;
        })(),
        timeoutMs,
        "end of stream",
      );
    },
    cancel: () => reader.cancel().catch(() => {}),
    retries,
  };
}
