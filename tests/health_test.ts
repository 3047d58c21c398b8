/**
 * `/healthz` says the process is up; `/readyz` says whether it can serve: the database, KV and
 * the outbox. Both answer on any host, and neither shows an address, a secret or an error text.
 */
import assert from "node:assert/strict";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "../lib/db/schema.ts";
import { startTestApp, TEST_DATABASE_URL } from "./helpers/test_app.ts";
import { allowConnections, terminateAppConnections } from "./helpers/test_db_repo.ts";

const HOSTS = ["http://demo.localhost", "http://admin.localhost", "http://nobody.localhost"];

/** What must never appear in a health answer. */
function assertNothingSecret(body: string) {
  assert.doesNotMatch(body, /postgres(ql)?:\/\/|password|secret|qms_app|kv\.sqlite|error/i);
}

Deno.test("/healthz and /readyz answer 200 on every host, with nothing secret", async () => {
  const app = await startTestApp();
  try {
    for (const host of HOSTS) {
      const health = await app.request(`${host}/healthz`);
      assert.equal(health.status, 200, host);
      assert.equal(health.headers.get("cache-control"), "no-store");
      assert.deepEqual(await health.json(), { status: "ok" });
      const ready = await app.request(`${host}/readyz`);
      assert.equal(ready.status, 200, host);
      const text = await ready.text();
      assertNothingSecret(text);
      const body = JSON.parse(text);
      assert.equal(body.status, "ready");
      assert.equal(body.database, "ok");
      assert.equal(body.kv, "ok");
      assert.equal(body.outbox.status, "ok");
      assert.equal(typeof body.outbox.pending, "number");
    }
  } finally {
    await app.close();
  }
});

Deno.test("/readyz answers 503 once KV is gone, while /healthz stays 200", async () => {
  const app = await startTestApp();
  try {
    app.deps.kv.close();
    const ready = await app.request("http://demo.localhost/readyz");
    assert.equal(ready.status, 503);
    assert.equal(ready.headers.get("retry-after"), "5");
    const text = await ready.text();
    assertNothingSecret(text);
    const body = JSON.parse(text);
    assert.equal(body.status, "not_ready");
    assert.equal(body.kv, "fail");
    assert.equal(body.database, "ok");
    assert.equal((await app.request("http://demo.localhost/healthz")).status, 200);
  } finally {
    await app.close().catch(() => {});
  }
});

Deno.test("/readyz fails when the oldest undelivered event is older than READY_OUTBOX_LAG_MS", async () => {
  // The dispatcher is not started: the join's event stays pending and ages past 1 ms.
  const app = await startTestApp({ READY_OUTBOX_LAG_MS: "1" }, { startDispatcher: false });
  try {
    const html = await (await app.request("http://demo.localhost/")).text();
    const queueId = html.match(/name="queueId" value="([0-9a-f-]{36})"/)![1];
    const joined = await app.request(`http://demo.localhost/api/queues/${queueId}/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ customerName: "Lag", customerPhone: "0123456789", partySize: 2 }),
    });
    assert.equal(joined.status, 201);
    await new Promise((r) => setTimeout(r, 20));
    const ready = await app.request("http://demo.localhost/readyz");
    assert.equal(ready.status, 503);
    const body = await ready.json();
    assert.equal(body.database, "ok");
    assert.equal(body.outbox.status, "fail");
    assert.ok(body.outbox.pending >= 1);
    assert.ok(body.outbox.oldestPendingMs >= 1);
  } finally {
    await app.close();
  }
});

Deno.test({
  name: "/readyz answers 503 while PostgreSQL refuses connections, and 200 once it is back",
  ignore: !TEST_DATABASE_URL,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startTestApp();
    const admin = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 }),
      }),
    });
    const name = new URL(app.deps.config.DATABASE_URL!).pathname.slice(1);
    try {
      assert.equal((await app.request("http://demo.localhost/readyz")).status, 200);
      await allowConnections(admin, name, false);
      await terminateAppConnections(admin, name);
      await new Promise((r) => setTimeout(r, 1_100)); // past the one-second answer cache
      const down = await app.request("http://demo.localhost/readyz");
      assert.equal(down.status, 503);
      const text = await down.text();
      assertNothingSecret(text);
      const body = JSON.parse(text);
      assert.equal(body.database, "fail");
      assert.equal(body.kv, "ok");
      assert.deepEqual(body.outbox, {
        status: "fail",
        pending: null,
        dead: null,
        oldestPendingMs: null,
      });
      assert.equal((await app.request("http://demo.localhost/healthz")).status, 200);
      await allowConnections(admin, name, true);
      let back = 503;
      for (let i = 0; i < 40 && back !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        back = (await app.request("http://demo.localhost/readyz")).status;
      }
      assert.equal(back, 200, "ready again once the database accepts connections");
    } finally {
      await allowConnections(admin, name, true).catch(() => {});
      await admin.destroy();
      await app.close();
    }
  },
});
