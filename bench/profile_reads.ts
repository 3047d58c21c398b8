// deno-lint-ignore-file no-console
/**
 * Profiles the app under one customer read: starts `main.ts` with `--cpu-prof`, drives the read
 * with the bench's load tool, stops the app and prints the heaviest functions of the profile.
 * Usage: `deno run -A bench/profile_reads.ts <home|queue|status|json|join> [PROFILE_DIR|none]`
 * `join` drives joins (32 connections over 8 queues) and then waits until the outbox has
 * delivered every join's event: the CPU per join includes its notifications' round.
 * (BENCH_DATABASE_URL / BENCH_DATABASE_MIGRATION_URL for PostgreSQL, as in `deno task bench`).
 */
import { appEnvFor, cpuMicros, databases } from "./load_bench.ts";
import { freePort, request, spawnDeno, stop, waitForLine } from "./proc.ts";
import { createJoinQueues, setUp } from "./bench_setup.ts";
import type { LoadResult } from "./load_client.ts";

const ROOT = new URL("../", import.meta.url);
const what = Deno.args[0] ?? "home";
const dir = Deno.args[1] ?? await Deno.makeTempDir({ prefix: "qms-prof-" });
const db = databases().at(-1)!;
const data = await Deno.makeTempDir({ prefix: "qms-prof-data-" });
const port = freePort();
// "none" as the directory: measure without the profiler's overhead.
const profiler = Deno.args[1] === "none" ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
const app = spawnDeno(
  "app",
  ROOT,
  ["run", "-A", ...profiler, "main.ts"],
  appEnvFor(port, data, db),
);
await waitForLine(app, /listening on port/, 120_000);
const host = `demo.localhost:${port}`;
const f = await setUp(port, host);
const paths: Record<string, string> = {
  home: "/",
  queue: `/queue/${f.queueId}`,
  status: `/queue/status/${f.sessionId}`,
  json: `/api/queues/entry/${f.sessionId}`,
  join: "/",
};
const joinQueueIds = what === "join"
  ? await createJoinQueues(port, host, f.ownerCookie, 8)
  : undefined;

/** Outbox events not delivered yet, from /readyz. */
async function outboxPending(): Promise<number> {
  const res = await request(port, host, "GET", "/readyz");
  return Number(JSON.parse(res.body).outbox?.pending ?? -1);
}
const dbName = db.url ? new URL(db.url).pathname.slice(1) : "";
async function commits(): Promise<number> {
  if (!dbName) return 0;
  const out = await new Deno.Command("psql", {
    args: [
      "-h",
      "127.0.0.1",
      "-U",
      "postgres",
      "-Atc",
      `select xact_commit + xact_rollback from pg_stat_database where datname = '${dbName}'`,
    ],
  }).output();
  return Number(new TextDecoder().decode(out.stdout).trim());
}
const before = await commits();
const cpuBefore = cpuMicros(app.process.pid);
const client = spawnDeno("load", ROOT, [
  "run",
  "-A",
  "bench/load_client.ts",
  JSON.stringify({
    url: `http://127.0.0.1:${port}${paths[what]}`,
    host,
    connections: joinQueueIds ? 32 : 256,
    joinQueueIds,
    durationSec: Number(Deno.env.get("BENCH_DURATION") ?? 4),
    warmupSec: 1,
    distinctClients: true,
    acceptEncoding: Deno.env.get("BENCH_ACCEPT_ENCODING") || undefined,
  }),
], {});
await client.done;
const r = JSON.parse(client.lines.findLast((l) => l.startsWith("{"))!) as LoadResult;
if (joinQueueIds) {
  const drainStart = performance.now();
  while (await outboxPending() > 0) await new Promise((r) => setTimeout(r, 50));
  console.log(`outbox drained ${Math.round(performance.now() - drainStart)} ms after the load`);
}
const after = await commits();
const cpuAfter = cpuMicros(app.process.pid);
if (cpuBefore !== null && cpuAfter !== null) r.serverCpuUs = (cpuAfter - cpuBefore) / r.all2xx;
console.log(what, db.label, JSON.stringify(r));
if (dbName) console.log(`transactions during the load: ${after - before} for ${r.all2xx} answers`);
await stop(app);
await Deno.remove(data, { recursive: true });
if (profiler.length > 0) console.log(`profile in ${dir}`);
