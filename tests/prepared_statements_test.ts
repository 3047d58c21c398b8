import assert from "node:assert/strict";
import pg from "pg";
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "../lib/db/schema.ts";
import { openTransactionsInOneTrip, withTenant } from "../lib/db/transaction_repo.ts";
import { createStatementNames, prepareRepeatedStatements } from "../lib/db/prepared_statements.ts";
import {
  preparedStatementTexts,
  queueTenantIdsExcept,
  scratchTable,
} from "./helpers/prepared_probe_repo.ts";
import { DB_KIND, scratchDatabase, startTestApp } from "./helpers/test_app.ts";

Deno.test("statement names: a text is named from its second run, and a forgotten one anew", () => {
  const names = createStatementNames();
  assert.equal(names.nameOf("select $1"), undefined);
  const name = names.nameOf("select $1");
  assert.ok(name);
  assert.equal(names.nameOf("select $1"), name);
  assert.equal(names.nameOf("select $2"), undefined);
  names.forget("select $1");
  assert.equal(names.nameOf("select $1"), undefined);
  const renamed = names.nameOf("select $1");
  assert.ok(renamed && renamed !== name, "a new name: connections still hold the old one");
});

Deno.test({
  name: "prepared statements on one connection: each tenant still sees only its own rows",
  ignore: DB_KIND !== "postgres",
  async fn() {
    // One connection for everything: the same prepared statement serves both tenants in turn.
    const app = await startTestApp({ DATABASE_POOL_MAX: "1" }, { startDispatcher: false });
    try {
      const tenant = async (slug: string) =>
        (await app.deps.tenants.lookup({ kind: "subdomain", slug }))!.id;
      const demo = await tenant("demo");
      const cafe = await tenant("cafe");
      // Past PostgreSQL's five custom plans, so a generic plan, if chosen, is in use too.
      for (let round = 0; round < 8; round++) {
        for (const id of [demo, cafe]) {
          const seen = await withTenant(app.deps.db, id, (trx) => queueTenantIdsExcept(trx, "-"));
          assert.ok(seen.length > 0);
          assert.deepEqual([...new Set(seen)], [id], `round ${round}: only its own queues`);
        }
      }
      const prepared = await withTenant(app.deps.db, demo, preparedStatementTexts);
      assert.ok(
        prepared.some((text) => text.includes(`from "queues"`) && text.includes(`"name" <> $1`)),
        "the statement is prepared on the server",
      );
    } finally {
      await app.close();
    }
  },
});

Deno.test({
  name: "a prepared statement whose table changed shape: its transaction runs again, prepared anew",
  ignore: DB_KIND !== "postgres",
  async fn() {
    const scratch = await scratchDatabase();
    // One session, so the temporary table and the prepared statements are the same ones.
    const pool = new pg.Pool({ connectionString: scratch.ownerUrl, max: 1 });
    // As the app's pools do (database.ts): a connection the server ends while idle (the scratch
    // database dropped at the end) is an error event, not a crash of the test run.
    pool.on("error", () => {});
    pool.on("connect", (client) => client.on("error", () => {}));
    prepareRepeatedStatements(pool, createStatementNames());
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    openTransactionsInOneTrip(db);
    const tenant = crypto.randomUUID();
    try {
      await scratchTable.create(db);
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await withTenant(db, tenant, scratchTable.columns), ["a"]);
      }
      // Another process's migration, say: the statement's result columns change under it.
      await scratchTable.addColumn(db);
      assert.deepEqual(await withTenant(db, tenant, scratchTable.columns), ["a", "b"]);
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await withTenant(db, tenant, scratchTable.columns), ["a", "b"]);
      }
    } finally {
      await db.destroy();
      await scratch.drop();
    }
  },
});
