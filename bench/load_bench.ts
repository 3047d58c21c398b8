// deno-lint-ignore-file no-console
/**
 * `deno task bench`: starts the app as `deno task start` does (on a throwaway database), drives
 * the customer reads (home, queue page, status page, status JSON) and joins with autocannon on loopback, and
 * prints req/s and p50/p99 latency beside a bare `Deno.serve` hello world measured in the same
 * run, on embedded PGlite and, with BENCH_DATABASE_URL, on PostgreSQL, side by side with the
 * goals. On a noisy machine the ratio to hello world is the figure to compare between runs.
 * Under the table: each read's own response (its bytes and headers, as the first database's app
 * sent them) answered by a bare `Deno.serve` under the same load, the most any app could do with
 * that response on this machine.
 */
import type { LoadResult, LoadSpec } from "./load_client.ts";
import { type Column, invalid, printSideBySide } from "./report.ts";
import {
  captureResponse,
  freePort,
  request,
  spawnDeno,
  stop,
  stopAll,
  waitForLine,
} from "./proc.ts";
import { countTickets, createJoinQueues, setUp } from "./bench_setup.ts";

const ROOT = new URL("../", import.meta.url);
/** Throwaway database directories, removed at the end (and on Ctrl-C). */
const dataDirs: string[] = [];

async function cleanUp() {
  await stopAll();
  for (const dir of dataDirs.splice(0)) await Deno.remove(dir, { recursive: true }).catch(() => {});
}

function envInt(name: string, fallback: number): number {
  const value = Number(Deno.env.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
}

/**
 * The command of the `start` task that runs the app, e.g. `deno run -A main.ts`, without the
 * leading `deno`: the last of its `&&` steps (the earlier ones install, which the bench's own
 * `deno install` already did).
 */
export async function startTaskArgs(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const steps = String(config.tasks?.start ?? "").split("&&");
  const words = (steps[steps.length - 1] ?? "").trim().split(/\s+/);
  if (words[0] !== "deno") throw new Error(`bench: cannot run the start task "${words.join(" ")}"`);
  return words.slice(1);
}

/** CPU time (user + system, µs) process `pid` used so far, from Linux's /proc; null elsewhere. */
export function cpuMicros(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of the line) in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/**
 * CPU time of one PostgreSQL server on this machine, by its postmaster's process id, in
 * microseconds: the postmaster's own, its live children's (backends, autovacuum, the writers),
 * and what it counts for children that exited (backends of closed connections), so a process
 * that ends between two readings is not lost. Null when that process is not here.
 */
export function postgresServerCpuMicros(postmaster: number): number | null {
  const master = procTimes(postmaster);
  if (!master) return null;
  let total = master.own + master.children;
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const child = procTimes(Number(entry.name));
    if (child?.ppid === postmaster) total += child.own;
  }
  return total;
}

/** A process's parent and CPU times in microseconds: its own, and its exited children's. */
function procTimes(pid: number): { ppid: number; own: number; children: number } | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // ppid is field 4; utime, stime, cutime, cstime fields 14–17, in clock ticks of 10 ms.
    return {
      ppid: Number(f[1]),
      own: (Number(f[11]) + Number(f[12])) * 10_000,
      children: (Number(f[13]) + Number(f[14])) * 10_000,
    };
  } catch {
    return null; // gone, or not on this machine
  }
}

/**
 * Runs the load tool in its own process, so that it does not share a server's event loop; with
 * the server's `pid`, also its CPU time per request answered.
 */
async function measure(spec: LoadSpec, pid?: number): Promise<LoadResult> {
  const before = pid ? cpuMicros(pid) : null;
  const result = await runLoadTool(spec);
  const after = pid ? cpuMicros(pid) : null;
  if (before !== null && after !== null && result.all2xx > 0) {
    result.serverCpuUs = (after - before) / result.all2xx;
  }
  return result;
}

async function runLoadTool(spec: LoadSpec): Promise<LoadResult> {
  const client = spawnDeno("load tool", ROOT, [
    "run",
    "-A",
    "bench/load_client.ts",
    JSON.stringify(spec),
  ], {});
  const status = await client.done;
  const json = client.lines.findLast((l) => l.startsWith("{"));
  if (!status.success || !json) {
    throw new Error(`the load tool failed (${status.code}):\n${client.lines.join("\n")}`);
  }
  return JSON.parse(json) as LoadResult;
}

export interface Database {
  label: string;
  url: string;
  migrationUrl: string;
}

export function databases(): Database[] {
  const list: Database[] = [{ label: "PGlite", url: "", migrationUrl: "" }];
  const url = Deno.env.get("BENCH_DATABASE_URL");
  if (url) {
    list.push({
      label: "PostgreSQL",
      url,
      migrationUrl: Deno.env.get("BENCH_DATABASE_MIGRATION_URL") ?? "",
    });
  }
  return list;
}

export function appEnvFor(port: number, dir: string, db: Database): Record<string, string> {
  return {
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    NODE_ENV: "development",
    // BENCH_DATABASE_URL (the app role) + BENCH_DATABASE_MIGRATION_URL (the owner) measure a
    // PostgreSQL server beside the embedded PGlite that `deno task start` uses.
    DATABASE_URL: db.url,
    DATABASE_MIGRATION_URL: db.migrationUrl,
    KV_URL: "",
    PGLITE_DIR: `${dir}/pglite`,
    KV_PATH: `${dir}/kv.sqlite3`,
    LOG_LEVEL: "warn",
    RATE_LIMIT_MAX_ENTERPRISE: "100000000",
    RATE_LIMIT_JOIN_PER_MINUTE: "100000",
    // Each load connection is then its own customer, as on a Saturday night.
    TRUST_PROXY: "true",
  };
}

interface Target {
  name: string;
  goal: string;
  /** Only on these databases (joins: 256 of them at once on the one PGlite connection only queue). */
  only?: string[];
  spec: (
    appUrl: string,
    host: string,
    f: { queueId: string; sessionId: string; joinQueues: string[] },
  ) => Pick<LoadSpec, "url" | "host" | "joinQueueIds">;
}

/** Runs every target against one freshly started app on `db`; returns results by target name. */
async function benchDatabase(
  db: Database,
  base: Omit<LoadSpec, "url" | "host">,
  targets: Target[],
  joinQueues: number,
): Promise<{ results: Map<string, LoadResult>; captured: Map<string, CapturedResponse> }> {
  const dir = await Deno.makeTempDir({ prefix: "qms-bench-" });
  dataDirs.push(dir);
  const port = freePort();
  const args = await startTaskArgs();
  // BENCH_APP_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): flags for the app's `deno run`.
  const appFlags = (Deno.env.get("BENCH_APP_FLAGS") ?? "").split(/\s+/).filter(Boolean);
  if (appFlags.length > 0) args.splice(1, 0, ...appFlags);
  const app = spawnDeno(`the app (${db.label})`, ROOT, args, appEnvFor(port, dir, db));
  const results = new Map<string, LoadResult>();
  const captured = new Map<string, CapturedResponse>();
  let joinCpuBefore: number | null = null;
  try {
    await waitForLine(app, /StoreHub QMS is listening on port/, 120_000);
    const host = `demo.localhost:${port}`;
    const fixture = await setUp(port, host);
    const queues = await createJoinQueues(port, host, fixture.ownerCookie, joinQueues);
    const appUrl = `http://127.0.0.1:${port}`;
    // A fresh process compiles its code and finishes its start-up work in its first seconds:
    // without this, the first target would pay for it.
    await runLoadTool({ ...base, url: `${appUrl}/`, host, durationSec: 3, warmupSec: 0 });
    for (const t of targets) {
      if (t.only && !t.only.includes(db.label)) continue;
      if (!wanted(t.name)) continue;
      const spec = { ...base, ...t.spec(appUrl, host, { ...fixture, joinQueues: queues }) };
      if (!spec.joinQueueIds) {
        // The read as a new visitor gets it, for its bare server's row (see `ceilingRows`).
        const read = await captureResponse(
          port,
          host,
          new URL(spec.url).pathname,
          base.acceptEncoding ? { "accept-encoding": base.acceptEncoding } : {},
        );
        if (read.status !== 200) throw new Error(`${t.name} answered ${read.status}`);
        captured.set(t.name, read);
      }
      console.log(`measuring ${t.name} on ${db.label} ...`);
      if (spec.joinQueueIds) {
        spec.connections = joinConnections;
        // BENCH_JOIN_RATE: joins at a steady rate, so the CPU per join is not that of a backlog.
        if (joinRate > 0) spec.rate = joinRate;
      }
      if (spec.joinQueueIds) joinCpuBefore = cpuMicros(app.process.pid);
      results.set(t.name, await measure(spec, app.process.pid));
    }
    const joins = results.get(JOIN_TARGET);
    if (joins) {
      const check = await countTickets(port, host, fixture.ownerCookie, queues);
      // Requests still in flight when a run stops are served but not counted by the load tool:
      // at most one per connection, for the warm-up and the measured run.
      const inFlight = check.tickets - joins.all2xx;
      const ok = inFlight >= 0 && inFlight <= 2 * joinConnections &&
        check.distinct === check.tickets;
      console.log(
        `  ${db.label} joins: ${joins.all2xx} answered 2xx, ${check.tickets} tickets on the boards ` +
          `(${inFlight} answered after the load tool stopped), ${check.distinct} distinct` +
          (ok ? ": none lost, none twice" : "  !!! MISMATCH"),
      );
      await reportDelivery(port, host, app.process.pid, joinCpuBefore, check.tickets);
    }
  } finally {
    await stop(app);
    const extra = app.lines.filter((l) => l.trim() && !/^( {2}|StoreHub QMS is listening)/.test(l));
    if (extra.length > 0) {
      console.log(`the app printed during the run:\n${extra.slice(0, 20).join("\n")}`);
    }
  }
  return { results, captured };
}

type CapturedResponse = Awaited<ReturnType<typeof captureResponse>>;

/** A bare `Deno.serve` hello world (bench/hello_server.ts) under the bench's load. */
async function measureHello(base: Omit<LoadSpec, "url" | "host">): Promise<LoadResult> {
  const helloPort = freePort();
  const hello = spawnDeno("hello world", ROOT, ["run", "-A", "bench/hello_server.ts"], {
    PORT: String(helloPort),
  });
  await waitForLine(hello, /hello listening/, 30_000);
  console.log("measuring hello world (Deno.serve) ...");
  const result = await measure(
    { ...base, url: `http://127.0.0.1:${helloPort}/`, host: `127.0.0.1:${helloPort}` },
    hello.process.pid,
  );
  await stop(hello);
  return result;
}

/**
 * Each customer read's own bytes and headers answered by a bare `Deno.serve`
 * (bench/hello_server.ts) under the same load: what moving that response costs on this machine
 * with no app around it, so the app's rows can be read against it as well as against hello world.
 */
async function ceilingRows(
  base: Omit<LoadSpec, "url" | "host">,
  captured: Map<string, CapturedResponse>,
  hello: LoadResult,
): Promise<string[]> {
  const rows: string[] = [];
  for (const [name, read] of captured) {
    const file = await Deno.makeTempFile({ prefix: "qms-bench-read-", suffix: ".json" });
    dataDirs.push(file);
    let binary = "";
    for (const byte of read.body) binary += String.fromCharCode(byte);
    await Deno.writeTextFile(file, JSON.stringify({ body: btoa(binary), headers: read.headers }));
    const port = freePort();
    const bare = spawnDeno(`the bare ${name}`, ROOT, ["run", "-A", "bench/hello_server.ts"], {
      PORT: String(port),
      RESPONSE_FILE: file,
    });
    await waitForLine(bare, /hello listening/, 30_000);
    console.log(`measuring the bytes of ${name} from a bare Deno.serve ...`);
    const r = await measure(
      { ...base, url: `http://127.0.0.1:${port}/`, host: "demo.localhost" },
      bare.process.pid,
    );
    await stop(bare);
    if (invalid(`the bare ${name}`, r)) continue;
    rows.push(
      `${name}: its own ${(read.body.length / 1024).toFixed(1)} KB and ${read.headers.length} ` +
        `headers from a bare Deno.serve: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, ratio ` +
        `${(r.rps / hello.rps).toFixed(3)}, CPU ${r.serverCpuUs?.toFixed(0) ?? "?"} µs/req`,
    );
  }
  return rows;
}

/**
 * After the joins: how long the outbox takes to deliver what they recorded (their notifications),
 * and the app's CPU per join counting that delivery, so a run cannot look fast by leaving the
 * work behind.
 */
async function reportDelivery(
  port: number,
  host: string,
  pid: number,
  cpuBefore: number | null,
  tickets: number,
) {
  const start = performance.now();
  let pending = -1;
  while (performance.now() - start < 120_000) {
    const res = await request(port, host, "GET", "/readyz");
    pending = Number(JSON.parse(res.body).outbox?.pending ?? -1);
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const cpuAfter = cpuMicros(pid);
  const cpu = cpuBefore !== null && cpuAfter !== null && tickets > 0
    ? `, ${Math.round((cpuAfter - cpuBefore) / tickets)} CPU µs per join with its delivery`
    : "";
  console.log(
    pending === 0
      ? `  outbox: every join's events delivered ${Math.round(performance.now() - start)} ms ` +
        `after the load stopped${cpu}`
      : `  outbox: ${pending} events still pending two minutes after the load  !!!`,
  );
}

/** BENCH_TARGETS (e.g. "joins" or "home,status"): only the targets whose name has one of these. */
function wanted(name: string): boolean {
  const list = (Deno.env.get("BENCH_TARGETS") ?? "").split(",").map((w) => w.trim()).filter(
    Boolean,
  );
  return list.length === 0 || list.some((w) => name.toLowerCase().includes(w.toLowerCase()));
}

/** Joins take turns per queue (its row lock): 32 connections over 8 queues by default. */
let joinConnections = 32;
let joinRate = 0;

const JOIN_TARGET = "POST /api/queues/:id/join (joins)";

const TARGETS: Target[] = [
  {
    name: "GET / (customer home)",
    goal: ">= 0.50 of hello, p99 < 20 ms",
    spec: (u, host) => ({ url: `${u}/`, host }),
  },
  {
    name: "GET /queue/:id (queue page)",
    goal: ">= 0.50 of hello, p99 < 20 ms",
    spec: (u, host, f) => ({ url: `${u}/queue/${f.queueId}`, host }),
  },
  {
    name: "GET /queue/status/:sessionId (page)",
    goal: ">= 0.50 of hello, p99 < 20 ms",
    spec: (u, host, f) => ({ url: `${u}/queue/status/${f.sessionId}`, host }),
  },
  {
    name: "GET /api/queues/entry/:sessionId",
    goal: ">= 0.50 of hello, p99 < 20 ms",
    spec: (u, host, f) => ({ url: `${u}/api/queues/entry/${f.sessionId}`, host }),
  },
  {
    name: JOIN_TARGET,
    goal: "PostgreSQL >= 2,000/s, p99 < 50 ms",
    only: ["PostgreSQL"],
    spec: (u, host, f) => ({ url: `${u}/`, host, joinQueueIds: f.joinQueues }),
  },
];

async function main(): Promise<number> {
  const base = {
    connections: envInt("BENCH_CONNECTIONS", 256),
    durationSec: envInt("BENCH_DURATION", 4),
    warmupSec: envInt("BENCH_WARMUP", 1),
    distinctClients: true,
    // What a phone's browser sends: "gzip, deflate, br" (BENCH_ACCEPT_ENCODING; none by default).
    acceptEncoding: Deno.env.get("BENCH_ACCEPT_ENCODING") || undefined,
  };
  const joinQueues = Math.max(1, envInt("BENCH_JOIN_QUEUES", 8));
  joinConnections = Math.max(1, envInt("BENCH_JOIN_CONNECTIONS", 32));
  joinRate = envInt("BENCH_JOIN_RATE", 0);
  const dbs = databases();
  console.log(
    `StoreHub QMS load bench: autocannon 8.0.0 on loopback, ${base.connections} connections, ` +
      `${base.warmupSec} s warm-up + ${base.durationSec} s measured per target`,
  );
  console.log(
    "  (BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_JOIN_QUEUES; " +
      "BENCH_TARGETS picks targets; BENCH_DATABASE_URL + BENCH_DATABASE_MIGRATION_URL add PostgreSQL)",
  );
  console.log(
    `app: deno ${(await startTaskArgs()).join(" ")} (the start task) on ${
      dbs.map((d) => d.label).join(" and ")
    }`,
  );
  console.log(
    "load: each connection sends its own X-Forwarded-For, i.e. is its own customer; " +
      `Accept-Encoding: ${base.acceptEncoding ?? "none"} (BENCH_ACCEPT_ENCODING)`,
  );
  console.log(
    `joins: ${joinConnections} connections round robin over ${joinQueues} queues, each request ` +
      "a new phone number (BENCH_JOIN_CONNECTIONS), " +
      (joinRate > 0 ? `${joinRate} joins/s` : "as fast as they are answered") +
      " (BENCH_JOIN_RATE)",
  );
  const load = Deno.loadavg();
  console.log(
    `machine: ${navigator.hardwareConcurrency} cores shared by the load tool and the servers, ` +
      `load average ${load.map((l) => l.toFixed(1)).join(" ")}\n`,
  );
  const helloResult = await measureHello(base);

  const columns: Column[] = [];
  let captured: Map<string, CapturedResponse> | null = null;
  for (const db of dbs) {
    const run = await benchDatabase(db, base, TARGETS, joinQueues);
    captured ??= run.captured;
    columns.push({ label: db.label, results: run.results });
  }
  // Hello world again beside the bare rows, minutes after the first: these VMs drift.
  const helloAgain = captured ? await measureHello(base) : null;
  const ceilings = captured && helloAgain ? await ceilingRows(base, captured, helloAgain) : [];
  console.log("");
  printSideBySide(helloResult, TARGETS, columns);
  if (ceilings.length > 0) {
    console.log(
      "\nthe most any app could do with each read here (its response from a bare server; " +
        `ratios to hello world measured again beside them: ${helloAgain!.rps.toFixed(0)} req/s):`,
    );
    for (const row of ceilings) console.log(`  ${row}`);
  }
  let bad = invalid("hello world", helloResult) ? 1 : 0;
  for (const c of columns) {
    for (const [target, r] of c.results) if (invalid(`${target} on ${c.label}`, r)) bad++;
  }
  return bad > 0 ? 1 : 0;
}

if (import.meta.main) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, async () => {
      await cleanUp();
      Deno.exit(130);
    });
  }
  let code = 1;
  try {
    code = await main();
  } catch (err) {
    console.error(`bench failed: ${err instanceof Error ? err.message : err}`);
  } finally {
    await cleanUp();
  }
  Deno.exit(code);
}
