// deno-lint-ignore-file no-console
/**
 * `deno task bench:live`: live updates as customers see them. Starts the app as `deno task
 * start` does (PGlite, or PostgreSQL with BENCH_DATABASE_URL), opens status pages' event streams
 * from a separate process (bench/live_client.ts) and prints, beside the goals:
 * - a staff "Call next" reaching every open page (64 and 10,000 pages by default), with drops
 *   and the server's memory per open page;
 * - 10,000 pages reconnecting together after a restart, all served within how long;
 * - joins while 63 pages watch the queue: joins/s and when the last page shows each one.
 * LIVE_WATCHERS (e.g. "64,1000,10000"), LIVE_ACTIONS, LIVE_JOINERS, LIVE_DURATION tune it;
 * LIVE_STORM=0 skips the reconnect storm and LIVE_JOINERS=0 the joins; LIVE_APP_FLAGS (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the app's `deno run`, LIVE_CLIENT_FLAGS to the
 * watchers'. Beside each staff row: the CPU the app and the watchers' process spent per page
 * that showed a call; beside the joins: the CPU the app, a PostgreSQL server on this machine and
 * the joiners' and watchers' process spent per join (with its cancel).
 */
import { appEnvFor, type Database, databases, startTaskArgs } from "./load_bench.ts";
import { createJoinQueues, setUp } from "./bench_setup.ts";
import { type Child, freePort, request, spawnDeno, stop, stopAll, waitForLine } from "./proc.ts";
import type { LiveSpec } from "./live_client.ts";
import pg from "pg";

const ROOT = new URL("../", import.meta.url);

function rssKb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function joinMany(port: number, host: string, queueId: string, n: number, tag: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await request(port, host, "POST", `/api/queues/${queueId}/join`, {
      customerName: `Live ${i}`,
      customerPhone: `08${tag}${String(i).padStart(6, "0")}`,
      partySize: 2,
    }, { "x-forwarded-for": `10.50.${tag}.${i % 250}` });
    if (res.status !== 201) throw new Error(`join gave ${res.status}: ${res.body}`);
    ids.push(JSON.parse(res.body).entry.sessionId);
  }
  return ids;
}

function envList(name: string, fallback: string): number[] {
  return (Deno.env.get(name) ?? fallback).split(",").map((s) => Number(s.trim()));
}

async function runClient(spec: LiveSpec, onReady?: () => void, onStorm?: () => Promise<void>) {
  const flags = (Deno.env.get("LIVE_CLIENT_FLAGS") ?? "").split(/\s+/).filter(Boolean);
  const client = spawnDeno("watchers", ROOT, [
    "run",
    ...flags,
    "-A",
    "bench/live_client.ts",
    JSON.stringify(spec),
  ], {});
  if (onReady) {
    await waitForLine(client, /^READY$/, 120_000);
    onReady();
  }
  if (onStorm) {
    await waitForLine(client, /^STORM-READY$/, 120_000);
    await onStorm();
  }
  const status = await client.done;
  const json = client.lines.findLast((l) => l.startsWith("{"));
  if (!status.success || !json) throw new Error(`watchers failed:\n${client.lines.join("\n")}`);
  return JSON.parse(json);
}

/**
 * The postmaster of the PostgreSQL server behind `db` when it runs on this machine (its CPU is
 * then read from /proc), else undefined: PGlite, or a server elsewhere.
 */
async function postmasterOf(db: Database): Promise<number | undefined> {
  if (!db.url) return undefined;
  const client = new pg.Client({ connectionString: db.url });
  try {
    await client.connect();
    const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    const stat = await Deno.readTextFile(`/proc/${rows[0]!.pid}/stat`).catch(() => null);
    return stat ? Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) : undefined;
  } finally {
    await client.end();
  }
}

/** Joins while 63 pages watch the queue: joins/s and when the last page shows each one. */
async function joinRow(
  app: { pid: number; db: Database },
  port: number,
  host: string,
  queueId: string,
  ownerCookie: string,
  joiners: number,
): Promise<string[]> {
  const fanIds = await joinMany(port, host, queueId, 1, 9);
  const f = await runClient({
    mode: "joins",
    port,
    host,
    queueId,
    sessionIds: fanIds,
    watchers: 63,
    ownerCookie,
    actions: 0,
    storm: false,
    joiners,
    durationSec: Number(Deno.env.get("LIVE_DURATION") ?? 4),
    appPid: app.pid,
    postmasterPid: await postmasterOf(app.db),
  });
  const postgres = f.postgresCpuMsPerJoin == null ? "" : `, PostgreSQL ${f.postgresCpuMsPerJoin}`;
  return [
    "join -> 63 pages",
    `${f.joinsPerSec} joins/s (${f.joins} ok, ${f.failed} refused), last page p50 ${f.p50} / ` +
    `p99 ${f.p99} ms, ${f.notShown} not shown`,
    `CPU ms per join with its cancel: app ${f.appCpuMsPerJoin}${postgres}, ` +
    `joiners and watchers ${f.clientCpuMsPerJoin}`,
    ">= 3,400 joins/s, last page p99 < 66 ms",
  ];
}

async function main() {
  const db = databases().at(-1)!;
  const dir = await Deno.makeTempDir({ prefix: "qms-live-" });
  const port = freePort();
  const env = appEnvFor(port, dir, db);
  const start = () => spawnDeno(`the app (${db.label})`, ROOT, startArgs, env);
  const startArgs = await startTaskArgs();
  const appFlags = (Deno.env.get("LIVE_APP_FLAGS") ?? "").split(/\s+/).filter(Boolean);
  if (appFlags.length > 0) startArgs.splice(1, 0, ...appFlags);
  const stormWanted = Deno.env.get("LIVE_STORM") !== "0";
  const counts = envList("LIVE_WATCHERS", "64,10000");
  const actions = Number(Deno.env.get("LIVE_ACTIONS") ?? 8);
  console.log(
    `StoreHub QMS live bench on ${db.label}: watchers ${counts.join(", ")}, ` +
      `${actions} staff calls each; the watchers run in their own process`,
  );
  console.log(
    `machine: ${navigator.hardwareConcurrency} cores, load average ` +
      `${Deno.loadavg().map((l) => l.toFixed(1)).join(" ")}\n`,
  );
  let app: Child = start();
  try {
    await waitForLine(app, /StoreHub QMS is listening on port/, 120_000);
    const host = `demo.localhost:${port}`;
    const fixture = await setUp(port, host);
    const [liveQueue, fanQueue] = await createJoinQueues(
      port,
      host,
      fixture.ownerCookie,
      2,
      "Live",
    );
    const rows: string[][] = [];
    for (const [k, watchers] of counts.entries()) {
      const sessionIds = await joinMany(port, host, liveQueue!, actions + 40, k + 1);
      const storm = stormWanted && k === counts.length - 1;
      let before = 0;
      let perWatcherKb = 0;
      before = rssKb(app.process.pid);
      const r = await runClient(
        {
          mode: "staff",
          port,
          host,
          queueId: liveQueue!,
          sessionIds,
          watchers,
          ownerCookie: fixture.ownerCookie,
          actions,
          storm,
          joiners: 0,
          durationSec: 0,
          appPid: app.process.pid,
        },
        () => perWatcherKb = (rssKb(app.process.pid) - before) / watchers,
        storm
          ? async () => {
            await stop(app);
            app = start();
            await waitForLine(app, /StoreHub QMS is listening on port/, 120_000);
          }
          : undefined,
      );
      const goal = watchers <= 64 ? "p99 < 10 ms" : "p99 <= 150 ms";
      rows.push([
        `staff call -> ${watchers} pages`,
        `p50 ${r.p50} / p99 ${r.p99} / max ${r.max} ms, ${r.deliveries} delivered, ${r.drops} dropped` +
        ` (the call answered in p50 ${r.answered.p50} / p99 ${r.answered.p99} ms)`,
        `${perWatcherKb.toFixed(1)} KB/page, opened in ${r.openMs} ms, CPU µs per page shown: ` +
        `app ${r.appCpuUsPerEvent}, watchers ${r.clientCpuUsPerEvent}`,
        `${goal}, no drops, <= 100 KB/page`,
      ]);
      if (r.storm) {
        rows.push([
          `${watchers} pages reconnect after a restart`,
          `${r.storm.served}/${r.storm.of} served, all within ${r.storm.allServedMs} ms of the first`,
          "",
          "all within 10 s",
        ]);
      }
    }
    const joiners = Number(Deno.env.get("LIVE_JOINERS") ?? 64);
    if (joiners > 0) {
      rows.push(
        await joinRow(
          { pid: app.process.pid, db },
          port,
          host,
          fanQueue!,
          fixture.ownerCookie,
          joiners,
        ),
      );
    }
    const head = ["target", "measured", "server", "goal"];

    const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
    console.log(line(head));
    console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
    for (const r of rows) console.log(line(r));
  } finally {
    await stopAll();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  try {
    await main();
  } catch (err) {
    console.error(`bench:live failed: ${err instanceof Error ? err.message : err}`);
    await stopAll();
    Deno.exit(1);
  }
  Deno.exit(0);
}
