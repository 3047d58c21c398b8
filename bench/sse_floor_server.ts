/**
 * The bare server of `bench/sse_floor.ts`: a `Deno.serve` that holds event streams and, on
 * `POST /fire?id=N`, enqueues one shared `update` event to every one of them, as the app's hub
 * sends a change (the same bytes to every page, in slices of SLICE with the event loop turning
 * between, or all at once with SLICE=0). Nothing else: no routing, headers, database or model.
 * Usage: `deno run -A bench/sse_floor_server.ts PORT BYTES SLICE`
 */

const port = Number(Deno.args[0]);
const bytes = Number(Deno.args[1] ?? 1200);
const slice = Number(Deno.args[2] ?? 500);
import { eventLoopTurn } from "../lib/realtime/event_loop_turn.ts";

const encoder = new TextEncoder();
const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
const filler = "x".repeat(Math.max(0, bytes - 40));

function eventOf(id: number): Uint8Array {
  return encoder.encode(`id: ${id}\nevent: update\ndata: {"n":${id},"f":"${filler}"}\n\n`);
}

async function fire(id: number): Promise<void> {
  const bytes = eventOf(id);
  const all = [...streams];
  for (let i = 0; i < all.length; i++) {
    if (slice > 0 && i > 0 && i % slice === 0) await eventLoopTurn();
    // A page that closed meanwhile is skipped, as the hub skips one.
    if (streams.has(all[i]!)) all[i]!.enqueue(bytes);
  }
}

Deno.serve({
  hostname: "127.0.0.1",
  port,
  onListen: () => void Deno.stdout.writeSync(new TextEncoder().encode("LISTENING\n")),
}, (req) => {
  const url = new URL(req.url);
  if (req.method === "POST" && url.pathname === "/fire") {
    fire(Number(url.searchParams.get("id"))).catch(() => {});
    return new Response("fired");
  }
  let own: ReadableStreamDefaultController<Uint8Array> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      own = controller;
      streams.add(controller);
      controller.enqueue(eventOf(0));
    },
    cancel() {
      if (own) streams.delete(own);
    },
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
  });
});
