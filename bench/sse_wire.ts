/**
 * Server-sent event streams over plain TCP for `deno task bench:live`: thousands of them from
 * one process, each with its own `Host` (the tenant) and `X-Forwarded-For` (the customer),
 * which fetch() would not send. Reads HTTP/1.1 chunked bodies; SSE data here is ASCII JSON.
 */

const encoder = new TextEncoder();

export interface WireStream {
  close(): void;
  /** Resolves when the stream ends (by the server, an error, or close()). */
  ended: Promise<void>;
}

export interface WireHandlers {
  /** The response's status line was read. */
  onStatus?(status: number): void;
  /**
   * One `update` event: its id, its `data:` text and when its last bytes were read (the
   * `performance.now()` taken as the read returned, before any parsing here).
   */
  onEvent(id: string, data: string, at: number): void;
}

/** The value of the line of `block` that starts with `name` (e.g. "data: "), or "". */
function field(block: string, name: string): string {
  const start = block.startsWith(name) ? 0 : block.indexOf(`\n${name}`) + 1;
  if (start === 0 && !block.startsWith(name)) return "";
  const end = block.indexOf("\n", start);
  return block.slice(start + name.length, end < 0 ? block.length : end);
}

/** Opens `path` on 127.0.0.1:port as an event stream; rejects when it cannot connect. */
export async function openWireStream(
  port: number,
  host: string,
  path: string,
  clientIp: string,
  handlers: WireHandlers,
): Promise<WireStream> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  let closed = false;
  const request = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAccept: text/event-stream\r\n` +
    `X-Forwarded-For: ${clientIp}\r\n\r\n`;
  await conn.write(encoder.encode(request));
  const ended = (async () => {
    const decoder = new TextDecoder();
    let raw = "";
    let headersDone = false;
    let chunked = false;
    let body = "";
    // An event is ~4 KB: a larger buffer per stream only costs memory (10,000 of them).
    const buf = new Uint8Array(16 * 1024);
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        const at = performance.now();
        raw += decoder.decode(buf.subarray(0, n), { stream: true });
        if (!headersDone) {
          const end = raw.indexOf("\r\n\r\n");
          if (end < 0) continue;
          const head = raw.slice(0, end);
          handlers.onStatus?.(Number(head.slice(9, 12)));
          chunked = /transfer-encoding:\s*chunked/i.test(head);
          raw = raw.slice(end + 4);
          headersDone = true;
        }
        if (chunked) {
          while (true) {
            const lineEnd = raw.indexOf("\r\n");
            if (lineEnd < 0) break;
            const size = parseInt(raw.slice(0, lineEnd), 16);
            if (raw.length < lineEnd + 2 + size + 2) break;
            body += raw.slice(lineEnd + 2, lineEnd + 2 + size);
            raw = raw.slice(lineEnd + 2 + size + 2);
            if (size === 0) return;
          }
        } else {
          body += raw;
          raw = "";
        }
        let split;
        while ((split = body.indexOf("\n\n")) >= 0) {
          const block = body.slice(0, split);
          body = body.slice(split + 2);
          if (!block.includes("event: update")) continue;
          handlers.onEvent(field(block, "id: "), field(block, "data: "), at);
        }
      }
    } catch {
      // Reset by the server (a restart) or closed here: the stream has ended either way.
    } finally {
      if (!closed) {
        closed = true;
        try {
          conn.close();
        } catch { /* already closed */ }
      }
    }
  })();
  return {
    ended,
    close() {
      if (closed) return;
      closed = true;
      try {
        conn.close();
      } catch { /* already closed */ }
    },
  };
}
