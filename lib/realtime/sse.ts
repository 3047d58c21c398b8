import type { ChannelSpec, RealtimeHub } from "./hub.ts";

export interface SseOptions {
  /** The request's `Last-Event-ID` header, to resume without a repeated snapshot. */
  lastEventId?: string | null;
  /** Usually the request's signal: the stream ends and unsubscribes when it aborts. */
  signal?: AbortSignal;
  /** Bytes a client may leave unread before its stream is dropped. Default 256 KiB. */
  maxBufferedBytes?: number;
  /** Reconnect delay the browser is told to use. Default 3000 ms. */
  retryMs?: number;
  /**
   * Ends the stream after this long; the browser reconnects by itself and the route checks
   * the session again, so a revoked session stops receiving within this time.
   */
  maxLifetimeMs?: number;
  /**
   * A topic that ends the stream at once when its version is above zero (e.g. the session's
   * revocation key). Watched through the hub: one watch per topic per process, however many
   * streams share it.
   */
  endWhenSet?: Deno.KvKey;
  /**
   * Asked every `recheckMs`; the stream ends when it resolves false or fails. Covers what a
   * watch cannot see, such as a write from another process to the same local KV file.
   */
  stillAllowed?: () => Promise<boolean>;
  recheckMs?: number;
}

const encoder = new TextEncoder();

/** A comment line: keeps proxies and the browser from timing out an idle stream. */
export const HEARTBEAT_BYTES: Uint8Array = encoder.encode(": hb\n\n");

/** Encodes one SSE `update` event; JSON never contains a raw newline, so one `data:` line holds. */
export function encodeUpdateEvent(version: bigint, data: unknown): Uint8Array {
  return encodeUpdateJson(version, JSON.stringify(data) ?? "null");
}

/** An `update` event without an id (a client's Last-Event-ID stays the version it had). */
export function encodeUpdatePreview(json: string): Uint8Array {
  return encoder.encode(`event: update\ndata: ${json}\n\n`);
}

/** The same, from the data's JSON text. */
export function encodeUpdateJson(version: bigint, json: string): Uint8Array {
  return encoder.encode(`id: ${version}\nevent: update\ndata: ${json}\n\n`);
}

export const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024;
export const DEFAULT_RETRY_MS = 3000;
/** Staff streams carry names and phones: they re-check the session this often. */
export const STAFF_STREAM_MS = 5 * 60_000;

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  // Stops nginx-style proxies from holding events back to fill a buffer.
  "x-accel-buffering": "no",
};

/**
 * Streams a hub channel as Server-Sent Events: `retry:`, then the current snapshot (unless the
 * client already has this version), then every update and heartbeat.
 *
 * A plain ReadableStream, not Hono's `streamSSE`, which costs ~3x the CPU per event: the hub's
 * bytes are enqueued as they are. A client that stops reading is unsubscribed and its stream
 * closed once it has more than `maxBufferedBytes` unread, so that is all it can hold; the browser
 * reconnects and resumes from its last event id. Closing, not erroring: Deno.serve prints every
 * errored body with a stack trace.
 */
export function sseResponse(
  hub: RealtimeHub,
  channel: ChannelSpec,
  options: SseOptions = {},
): Response {
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const signal = options.signal;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let unsubscribe: (() => void) | undefined;
  let finished = false;
  let stopWatchingEnd: (() => void) | undefined;
  let lifetime: ReturnType<typeof setTimeout> | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;

  function release() {
    finished = true;
    clearTimeout(lifetime);
    clearInterval(recheck);
    unsubscribe?.();
    stopWatchingEnd?.();
    signal?.removeEventListener("abort", closeStream);
  }

  function closeStream() {
    if (finished) return;
    release();
    controller?.close();
  }

  /** The hub ended the stream (shutdown, a failed watch): spread the reconnects over time. */
  function closeByHub() {
    if (finished) return;
    const spread = Math.floor(Math.random() * retryMs);
    controller?.enqueue(encoder.encode(`retry: ${retryMs + spread}\n\n`));
    closeStream();
  }

  function subscribeToChannel() {
    if (finished || unsubscribe) return;
    try {
      unsubscribe = hub.subscribe(channel, sendToClient, {
        lastEventId: options.lastEventId,
        onClose: closeByHub,
      });
    } catch {
      // The hub is closed: the process is shutting down, and the client reconnects elsewhere.
      return closeByHub();
    }
    // The snapshot may already have overflowed the buffer and closed the stream.
    if (finished) unsubscribe();
  }

  /** Nothing is sent before the end topic is known to be unset: a revoked session gets no data. */
  function onEndTopicVersion(version: bigint) {
    if (version > 0n) closeStream();
    else subscribeToChannel();
  }

  function recheckAllowed() {
    options.stillAllowed!().then(
      function checked(allowed) {
        if (!allowed) closeStream();
      },
      closeStream,
    );
  }

  function sendToClient(bytes: Uint8Array) {
    if (finished || controller === undefined) return;
    controller.enqueue(bytes);
    if ((controller.desiredSize ?? 0) < -maxBufferedBytes) closeStream();
  }

  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        controller.enqueue(encoder.encode(`retry: ${retryMs}\n\n`));
        if (signal?.aborted) return closeStream();
        signal?.addEventListener("abort", closeStream);
        if (options.endWhenSet) {
          try {
            stopWatchingEnd = hub.watchTopic(options.endWhenSet, onEndTopicVersion, {
              onClose: closeByHub,
            });
          } catch {
            return closeByHub();
          }
        } else {
          subscribeToChannel();
        }
        // Ended already (a set end topic, a snapshot past the buffer limit): let go of the rest.
        if (finished) return release();
        if (options.maxLifetimeMs) lifetime = setTimeout(closeStream, options.maxLifetimeMs);
        if (options.stillAllowed && options.recheckMs) {
          recheck = setInterval(recheckAllowed, options.recheckMs);
        }
      },
      cancel() {
        release();
      },
    },
    // High-water mark 0: desiredSize is minus the bytes the client has not read yet.
    new ByteLengthQueuingStrategy({ highWaterMark: 0 }),
  );

  return new Response(body, { headers: SSE_HEADERS });
}
