// deno-lint-ignore-file no-console
/**
 * What PostgreSQL alone does with joins on this machine: the app makes 8 queues on a PostgreSQL
 * database (as `deno task bench` does) and stops; then pgbench sends the app's join statement
 * (`join_queue_entry_as`) from 32 connections over the 8 queues, as the bench's joins come, with
 * nothing else running. The app cannot join faster than this. pgbench shares the machine's cores
 * as the app would.
 * Usage: `BENCH_DATABASE_URL=… BENCH_DATABASE_MIGRATION_URL=… deno run -A bench/join_ceiling.ts
 * [seconds]` (pgbench from PostgreSQL's client tools).
 */
import { appEnvFor, databases } from "./load_bench.ts";
import { freePort, spawnDeno, stop, waitForLine } from "./proc.ts";
import { createJoinQueues, setUp } from "./bench_setup.ts";
import { ceilingParties, joinScript, queueTermsOf } from "./join_ceiling_repo.ts";

const ROOT = new URL("../", import.meta.url);
const seconds = Number(Deno.args[0] ?? 10);
const db = databases().at(-1)!;
if (!db.url) throw new Error("set BENCH_DATABASE_URL and BENCH_DATABASE_MIGRATION_URL");
const data = await Deno.makeTempDir({ prefix: "qms-ceiling-" });
const port = freePort();
const app = spawnDeno("app", ROOT, ["run", "-A", "main.ts"], appEnvFor(port, data, db));
let queues: string[];
try {
  await waitForLine(app, /listening on port/, 120_000);
  const host = `demo.localhost:${port}`;
  const fixture = await setUp(port, host);
  queues = await createJoinQueues(port, host, fixture.ownerCookie, 8, "Ceiling");
} finally {
  await stop(app);
  await Deno.remove(data, { recursive: true });
}
const scripts: string[] = [];
for (const queueId of queues) {
  const { tenantId, terms } = await queueTermsOf(db.migrationUrl, queueId);
  const file = await Deno.makeTempFile({ prefix: "qms-join-", suffix: ".sql" });
  await Deno.writeTextFile(file, joinScript(tenantId, queueId, terms));
  scripts.push(file);
}
const out = await new Deno.Command("pgbench", {
  args: [
    "-n",
    "-c",
    "32",
    "-j",
    "2",
    "-T",
    String(seconds),
    "-M",
    "prepared",
    ...scripts.flatMap((f) => ["-f", `${f}@1`]),
    db.url,
  ],
}).output();
for (const f of scripts) await Deno.remove(f);
const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
const tps = /tps = ([\d.]+)/.exec(text)?.[1];
const latency = /latency average = ([\d.]+) ms/.exec(text)?.[1];
const sent = /number of transactions actually processed: (\d+)/.exec(text)?.[1];
if (!out.success || !tps) throw new Error(`pgbench failed:\n${text}`);
// Each statement sent must have joined a party (a refused or stale join costs less).
const joined = await ceilingParties(db.migrationUrl);
console.log(
  `PostgreSQL alone, the app's join statement from 32 pgbench connections over 8 queues, ` +
    `${seconds} s: ${Math.round(Number(tps))} joins/s, latency average ${latency} ms; ` +
    `${joined} parties joined of ${sent} statements` + (String(joined) === sent ? "" : "  !!!"),
);
