// deno-lint-ignore-file no-console
/**
 * `deno task bench`: starts the app as `deno task start` does (on a throwaway database), drives
 * the customer page and the entry-status API with autocannon on loopback, and prints req/s and
 * p50/p99 latency beside a bare `Deno.serve` hello world measured in the same run. On a noisy
 * machine the ratio to hello world is the figure to compare between runs.
 */
import type { LoadResult, LoadSpec } from "./load_client.ts";
import { invalid, printTable } from "./report.ts";
import { freePort, request, spawnDeno, stop, stopAll, waitForLine } from "./proc.ts";

const ROOT = new URL("../", import.meta.url);
const WARMUP_SEC = 2;
/** The throwaway database directory, removed at the end (and on Ctrl-C). */
let dataDir: string | undefined;

async function cleanUp() {
  await stopAll();
  if (dataDir) await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  dataDir = undefined;
}

function envInt(name: string, fallback: number): number {
  const value = Number(Deno.env.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The command of the `start` task, e.g. `deno run -A main.ts`, without the leading `deno`. */
async function startTaskArgs(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const words = String(config.tasks?.start ?? "").trim().split(/\s+/);
  if (words[0] !== "deno") throw new Error(`bench: cannot run the start task "${words.join(" ")}"`);
  return words.slice(1);
}

/** Reads the first queue of the customer page and joins it once; returns the entry's sessionId. */
async function setUp(port: number, host: string): Promise<string> {
  const home = await request(port, host, "GET", "/");
  const queueId = home.body.match(/\/api\/queues\/([0-9a-f-]{36})\/join/)?.[1];
  if (home.status !== 200 || !queueId) {
    throw new Error(`GET / on ${host} gave ${home.status} without a join form`);
  }
  const joined = await request(port, host, "POST", `/api/queues/${queueId}/join`, {
    customerName: "Bench",
    customerPhone: "0123456789",
    partySize: 2,
  });
  const sessionId = joined.status === 201 ? JSON.parse(joined.body).entry?.sessionId : undefined;
  if (typeof sessionId !== "string") {
    throw new Error(`joining queue ${queueId} gave ${joined.status}: ${joined.body.slice(0, 300)}`);
  }
  const status = await request(port, host, "GET", `/api/queues/entry/${sessionId}`);
  if (status.status !== 200) throw new Error(`entry status gave ${status.status}: ${status.body}`);
  return sessionId;
}

/** Runs the load tool in its own process, so that it does not share a server's event loop. */
async function measure(spec: LoadSpec): Promise<LoadResult> {
  const client = spawnDeno("load tool", ROOT, [
    "run",
    "-A",
    "bench/load_client.ts",
    JSON.stringify(spec),
  ], {});
  const status = await client.process.status;
  const json = client.lines.findLast((l) => l.startsWith("{"));
  if (!status.success || !json) {
    throw new Error(`the load tool failed (${status.code}):\n${client.lines.join("\n")}`);
  }
  return JSON.parse(json) as LoadResult;
}

function appEnvFor(port: number, dir: string, oneClient: boolean): Record<string, string> {
  return {
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    NODE_ENV: "development",
    // BENCH_DATABASE_URL (the app role) + BENCH_DATABASE_MIGRATION_URL (the owner) measure a
    // PostgreSQL server instead of the embedded PGlite that `deno task start` uses.
    DATABASE_URL: Deno.env.get("BENCH_DATABASE_URL") ?? "",
    DATABASE_MIGRATION_URL: Deno.env.get("BENCH_DATABASE_MIGRATION_URL") ?? "",
    KV_URL: "",
    PGLITE_DIR: `${dir}/pglite`,
    KV_PATH: `${dir}/kv.sqlite3`,
    LOG_LEVEL: "warn",
    RATE_LIMIT_MAX_ENTERPRISE: "100000000",
    RATE_LIMIT_JOIN_PER_MINUTE: "100000",
    // Each load connection is then its own customer, as on a Saturday night; BENCH_ONE_CLIENT=1
    // sends everything as one client instead (one rate-limit counter for all requests).
    TRUST_PROXY: oneClient ? "false" : "true",
  };
}

function printSettings(startArgs: string[], env: Record<string, string>, spec: Partial<LoadSpec>) {
  console.log(
    `StoreHub QMS load bench: autocannon 8.0.0 on loopback, ${spec.connections} connections,`,
  );
  console.log(`  ${spec.warmupSec} s warm-up + ${spec.durationSec} s measured per target`);
  console.log(`  (BENCH_CONNECTIONS, BENCH_DURATION; BENCH_ONE_CLIENT=1: one client address)`);
  const db = env.DATABASE_URL
    ? `PostgreSQL ${env.DATABASE_URL.replace(/:[^:@/]*@/, ":***@")}`
    : "embedded PGlite in a throwaway dir";
  console.log(`app: deno ${startArgs.join(" ")} (the start task), ${db}`);
  for (const [k, v] of Object.entries(env)) {
    if (/LOG|RATE|PROXY|HOST|_DIR|_PATH/.test(k)) console.log(`  ${k}=${v}`);
  }
  console.log(
    spec.distinctClients
      ? "load: each connection sends its own X-Forwarded-For, i.e. is its own customer"
      : "load: every connection is the same client",
  );
  console.log(
    `machine: ${navigator.hardwareConcurrency} cores, shared by the load tool and both servers\n`,
  );
}

async function main(): Promise<number> {
  const oneClient = Deno.env.get("BENCH_ONE_CLIENT") === "1";
  const base = {
    connections: envInt("BENCH_CONNECTIONS", 50),
    durationSec: envInt("BENCH_DURATION", 10),
    warmupSec: WARMUP_SEC,
    distinctClients: !oneClient,
  };
  dataDir = await Deno.makeTempDir({ prefix: "qms-bench-" });
  try {
    const [appPort, helloPort] = [freePort(), freePort()];
    const appEnv = appEnvFor(appPort, dataDir, oneClient);
    const startArgs = await startTaskArgs();
    printSettings(startArgs, appEnv, base);
    const app = spawnDeno("the app", ROOT, startArgs, appEnv);
    const hello = spawnDeno("hello world", ROOT, ["run", "-A", "bench/hello_server.ts"], {
      PORT: String(helloPort),
    });
    await waitForLine(app, /StoreHub QMS is listening on port/, 120_000);
    await waitForLine(hello, /hello listening/, 30_000);
    const host = `demo.localhost:${appPort}`;
    const sessionId = await setUp(appPort, host);
    const appUrl = `http://127.0.0.1:${appPort}`;
    const targets: [string, LoadSpec][] = [
      ["hello world (Deno.serve)", {
        ...base,
        url: `http://127.0.0.1:${helloPort}/`,
        host: `127.0.0.1:${helloPort}`,
      }],
      ["GET / (customer page)", { ...base, url: `${appUrl}/`, host }],
      [
        "GET /api/queues/entry/:sessionId",
        { ...base, url: `${appUrl}/api/queues/entry/${sessionId}`, host },
      ],
    ];
    const rows: { target: string; r: LoadResult }[] = [];
    for (const [target, spec] of targets) {
      console.log(`measuring ${target} ...`);
      rows.push({ target, r: await measure(spec) });
    }
    await stop(app);
    console.log("");
    printTable(rows, rows[0]!.r.rps);
    const bad = rows.filter(({ target, r }) => invalid(target, r)).length;
    const extra = app.lines.filter((l) => l.trim() && !/^( {2}|StoreHub QMS is listening)/.test(l));
    if (extra.length > 0) console.log(`\nthe app printed during the run:\n${extra.join("\n")}`);
    return bad > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
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
  }
  Deno.exit(code);
}
