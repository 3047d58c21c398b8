import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { realtimeTopicKey } from "../lib/kv/keys.ts";
import { getEntryStatus } from "../lib/queue/entry_status.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { listVisibleEvents } from "./helpers/outbox_probe_repo.ts";
import { startTestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";

Deno.test("an 'almost your turn' round leaves the queue's read models and topic as they were", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const tenantId = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const parties: Array<{ id: string; sessionId: string }> = [];
    for (let n = 1; n <= 5; n++) {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `+6015556${String(n).padStart(4, "0")}`,
        partySize: 2,
      });
      assert.equal(res.status, 201);
      parties.push((await res.json()).entry);
    }
    await drainOutbox(app);
    const fourth = parties[3]!.sessionId;
    assert.equal((await app.request(`${DEMO}/api/queues/entry/${fourth}`)).status, 200);
    assert.ok(await app.deps.boards.board(tenantId, queueId));

    const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${parties[0]!.id}`, {}, {
      headers: { cookie: staff },
    });
    assert.equal(called.status, 200);
    // The call itself is applied in memory; its round of nudges comes with the outbox.
    assert.equal(app.deps.reads.queueInMemory(tenantId, queueId), true);
    assert.equal(app.deps.boards.inMemory(tenantId, queueId), true);
    const topic = realtimeTopicKey(tenantId, "queue", queueId);
    const versionAfterCall = (await app.deps.kv.get(topic)).versionstamp;

    assert.equal((await drainOutbox(app)).pending, 0);
    const nudges = await withTenant(
      app.deps.db,
      tenantId,
      (trx) => listVisibleEvents(trx, "entry.almost_turn"),
    );
    assert.deepEqual(
      nudges.map((e) => (e.payload as { entryId: string }).entryId),
      [parties[3]!.id],
      "guest 4, two parties from the front, was told",
    );
    // Telling a party changes nothing its queue's pages show: nobody reloads or is sent it.
    assert.equal(app.deps.reads.queueInMemory(tenantId, queueId), true);
    assert.equal(app.deps.boards.inMemory(tenantId, queueId), true);
    assert.equal((await app.deps.kv.get(topic)).versionstamp, versionAfterCall);
    const page = await (await app.request(`${DEMO}/api/queues/entry/${fourth}`)).json();
    assert.deepEqual(page, { entry: await getEntryStatus(app.deps.db, tenantId, fourth) });
  } finally {
    await app.close();
  }
});
