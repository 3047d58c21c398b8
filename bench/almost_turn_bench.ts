/**
 * `deno task bench:almost`: what "almost your turn" costs each change of a queue. After every
 * call, cancel, no-show, seat or reorder, `markAlmostTurn` finds the parties now near the front;
 * after every join, `markToldOnArrival` marks a party that joined already near. Measured on a
 * line of 100 waiting parties (a busy night) and 1,000 (ten times that), in steady state (the
 * near parties were told already, so nothing more is marked). PGlite by default; PostgreSQL
 * with TEST_DATABASE_URL, as the tests.
 */
import { withTenant } from "../lib/db/transaction_repo.ts";
import { markAlmostTurn, markToldOnArrival } from "../lib/notify/nudges_repo.ts";
import { fillLine } from "../tests/helpers/bulk_line_repo.ts";
import { firstQueueId } from "../tests/helpers/forms.ts";
import { startTestApp, type TestApp } from "../tests/helpers/test_app.ts";
import { lastWaitingId } from "./line_probe_repo.ts";

interface Line {
  app: TestApp;
  tenantId: string;
  queueId: string;
  lastId: string;
}

async function lineOf(waiting: number): Promise<Line> {
  const app = await startTestApp({}, { startDispatcher: false });
  const queueId = await firstQueueId(app, "http://demo.localhost");
  const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  const tenantId = tenant!.id;
  await fillLine(app.deps.db, tenantId, queueId, waiting);
  // Steady state: the parties near the front were told when the line first moved.
  await withTenant(app.deps.db, tenantId, (trx) => markAlmostTurn(trx, queueId));
  const lastId = await withTenant(app.deps.db, tenantId, (trx) => lastWaitingId(trx, queueId));
  return { app, tenantId, queueId, lastId };
}

const lines = [[100, await lineOf(100)], [1_000, await lineOf(1_000)]] as const;

for (const [waiting, line] of lines) {
  Deno.bench(`after a change, ${waiting} waiting`, { group: "almost" }, async () => {
    await withTenant(line.app.deps.db, line.tenantId, (trx) => markAlmostTurn(trx, line.queueId));
  });
}
for (const [waiting, line] of lines) {
  Deno.bench(`after a join at the back, ${waiting} waiting`, { group: "arrival" }, async () => {
    await withTenant(line.app.deps.db, line.tenantId, (trx) => markToldOnArrival(trx, line.lastId));
  });
}

globalThis.addEventListener("unload", () => {
  for (const [, line] of lines) void line.app.close();
});
