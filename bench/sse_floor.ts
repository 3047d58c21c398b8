// deno-lint-ignore-file no-console
/**
 * The floor under the live goal on this machine: a bare `Deno.serve` (bench/sse_floor_server.ts)
 * holding N event streams opened from this process as `deno task bench:live`'s watchers are
 * (bench/sse_wire.ts), and sending one shared event of BYTES to all of them per "call", in
 * slices as the app's hub does. Prints when the last pages got each event, and the CPU the server
 * and this process spent per page, beside the goal: what moving bytes it already has to the pages
 * costs here (at a few pages, the p99 of a short run is one slow call's tail on either server).
 * Usage: `deno run -A bench/sse_floor.ts [pages=10000] [calls=20] [bytes=1200] [slice=500]`
 */
import { openWireStream, type WireStream } from "./sse_wire.ts";
import { freePort, request, spawnDeno, stop, waitForLine } from "./proc.ts";
import { cpuMicros } from "./load_bench.ts";

const ROOT = new URL("../", import.meta.url);
const [pages = 10_000, calls = 20, bytes = 1200, slice = 500] = Deno.args.map(Number);
const port = freePort();
const server = spawnDeno("floor", ROOT, [
  "run",
  "-A",
  "bench/sse_floor_server.ts",
  String(port),
  String(bytes),
  String(slice),
], {});

let onEvent: ((page: number, id: string, at: number) => void) | null = null;
const streams: WireStream[] = [];
try {
  await waitForLine(server, /^LISTENING$/, 30_000);
  const opened: Promise<void>[] = [];
  for (let i = 0; i < pages; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(i + 500, pages); j++) {
      const first = Promise.withResolvers<void>();
      first.promise.catch(() => {});
      opened.push(first.promise);
      batch.push(
        openWireStream(port, "floor.localhost", "/events", "10.0.0.1", {
          onEvent: (id, _data, at) => id === "0" ? first.resolve() : onEvent?.(j, id, at),
        }).then((s) => {
          streams.push(s);
          // A stream that ends before its first event fails the run instead of hanging it.
          s.ended.then(() => first.reject(new Error(`page ${j} ended before its first event`)));
        }),
      );
    }
    await Promise.all(batch);
  }
  await Promise.all(opened);
  const latencies: number[] = [];
  let drops = 0;
  const cpu = () => [cpuMicros(server.process.pid) ?? 0, cpuMicros(Deno.pid) ?? 0];
  // One call first, not counted, as the live bench does: the first runs the code cold.
  let before = cpu();
  for (let call = 0; call <= calls; call++) {
    if (call === 1) before = cpu();
    const arrival = new Array<number | undefined>(pages);
    let missing = pages;
    const t0 = performance.now();
    onEvent = (page, id, at) => {
      if (id !== String(call + 1) || arrival[page] !== undefined) return;
      arrival[page] = at - t0;
      missing--;
    };
    const res = await request(port, "floor.localhost", "POST", `/fire?id=${call + 1}`, {}, {});
    if (res.status !== 200) throw new Error(`fire gave ${res.status}`);
    const deadline = performance.now() + 30_000;
    while (missing > 0 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    if (call > 0) { for (const x of arrival) x === undefined ? drops++ : latencies.push(x); }
    await new Promise((r) => setTimeout(r, 300));
  }
  const after = cpu();
  const sorted = latencies.toSorted((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  const perPage = (i: number) => Math.round((after[i]! - before[i]!) / Math.max(1, sorted.length));
  const goal = pages <= 64 ? "p99 < 10 ms" : "p99 <= 150 ms";
  console.log(
    `bare Deno.serve -> ${pages} pages, ${bytes} B events, slices of ${slice || "all"}: ` +
      `p50 ${at(0.5).toFixed(1)} / p99 ${at(0.99).toFixed(1)} / max ${at(1).toFixed(1)} ms, ` +
      `${sorted.length} delivered, ${drops} dropped; CPU µs per page: server ${perPage(0)}, ` +
      `watchers ${perPage(1)} (goal for the app: ${goal})`,
  );
} finally {
  onEvent = null;
  for (const s of streams) s.close();
  await stop(server);
}
