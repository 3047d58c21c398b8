import assert from "node:assert/strict";
import { withPlatform, withTenant } from "../lib/db/transaction_repo.ts";
import { findQueueName, listQueues, renameQueue } from "./helpers/platform_probe_repo.ts";
import { failingStatement, sessionFacts } from "./helpers/session_probe_repo.ts";
import { startTestApp } from "./helpers/test_app.ts";

// On PostgreSQL a transaction's BEGIN travels with its settings and the transaction is ended by
// transaction_repo itself; on PGlite, by Kysely. Both must behave the same.
Deno.test("transactions: settings hold inside, and nothing of them outlives the transaction", async (t) => {
  const app = await startTestApp({}, { startDispatcher: false });
  const { db } = app.deps;
  try {
    const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const queueId = (await withTenant(db, demo, listQueues))[0]!.id;
    const name = await withTenant(db, demo, (trx) => findQueueName(trx, queueId));
    assert.ok(name);
    const outside = await sessionFacts(db);

    await t.step("the tenant path runs as the app role with the tenant set", async () => {
      const inside = await withTenant(db, demo, sessionFacts);
      assert.deepEqual([inside.role, inside.tenantId], ["qms_app", demo]);
      assert.deepEqual(await withPlatform(db, sessionFacts), {
        role: "qms_platform",
        tenantId: "",
      });
    });

    await t.step(
      "a failure rolls back what was written, and the connection comes back clean",
      async () => {
        await assert.rejects(
          withTenant(db, demo, async (trx) => {
            await renameQueue(trx, queueId, "Rolled back");
            await failingStatement(trx);
          }),
          /division by zero/,
        );
        assert.equal(await withTenant(db, demo, (trx) => findQueueName(trx, queueId)), name);
        assert.deepEqual(await sessionFacts(db), outside);
      },
    );

    await t.step("a failure the code caught still keeps the transaction's writes out", async () => {
      await withTenant(db, demo, async (trx) => {
        await renameQueue(trx, queueId, "Swallowed");
        await failingStatement(trx).catch(() => {});
      }).catch(() => {});
      assert.equal(await withTenant(db, demo, (trx) => findQueueName(trx, queueId)), name);
      assert.deepEqual(await sessionFacts(db), outside);
    });
  } finally {
    await app.close();
  }
});
