import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { createWebChatChannel } from "../lib/notify/webchat_channel.ts";
import { localDeliveries, type LocalDelivery } from "../lib/notify/tenant_rounds.ts";
import { tenantScope } from "./helpers/analytics_history.ts";
import { listSystemChatLines } from "./helpers/chat_probe_repo.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { startTestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";

Deno.test("web chat deliveries that share a transaction: a bad one fails alone, each lands once", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const { tenantId } = await tenantScope(app, "demo");
    const queueId = await firstQueueId(app, DEMO);
    const entryIds: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Round ${n}`,
        customerPhone: `+6017555${String(n).padStart(4, "0")}`,
        partySize: 1,
      });
      assert.equal(res.status, 201);
      entryIds.push((await res.json()).entry.id);
    }
    const local = createWebChatChannel(app.deps.db, app.deps.kv).local!;
    const delivery = (entryId: string, text: string): LocalDelivery => {
      const eventId = crypto.randomUUID();
      return {
        local,
        message: { eventId, tenantId, entryId, topic: "joined", title: text, text, url: DEMO },
        attempt: { tenantId, entryId, eventId, channel: "webchat", topic: "joined", message: text },
      };
    };
    const deliver = localDeliveries(app.deps.db);
    const first = delivery(entryIds[0]!, "first");
    const second = delivery(entryIds[1]!, "second");
    // A text PostgreSQL cannot store (a NUL character) breaks the shared round's statement.
    const broken = delivery(entryIds[1]!, "broken\u0000");
    const third = delivery(entryIds[2]!, "third");
    // The first runs at once; the other three arrive meanwhile and share the next round.
    const outcomes = await Promise.allSettled([first, second, broken, third].map(deliver));
    assert.deepEqual(outcomes.map((o) => o.status), [
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    assert.deepEqual(outcomes.map((o) => o.status === "fulfilled" && o.value), [
      true,
      true,
      false,
      true,
    ]);
    const lines = (entryId: string) =>
      withTenant(app.deps.db, tenantId, (trx) => listSystemChatLines(trx, entryId));
    assert.deepEqual(await lines(entryIds[0]!), ["first"]);
    assert.deepEqual(await lines(entryIds[1]!), ["second"]);
    assert.deepEqual(await lines(entryIds[2]!), ["third"]);
    // The same events again, together: nothing is written twice.
    const again = await Promise.all([first, second, third].map(deliver));
    assert.deepEqual(again, [false, false, false]);
    assert.deepEqual(await lines(entryIds[1]!), ["second"]);
    // One event twice in one round (behind a first that opens it): written once.
    const opener = delivery(entryIds[0]!, "opener");
    const twice = delivery(entryIds[2]!, "twice");
    const both = await Promise.all([opener, twice, twice].map(deliver));
    assert.deepEqual(both, [true, true, false]);
    assert.deepEqual(await lines(entryIds[2]!), ["third", "twice"]);
    // An entry the tenant does not have (gone, or another tenant's): nothing to deliver.
    assert.equal(await deliver(delivery(crypto.randomUUID(), "nobody")), false);
  } finally {
    await app.close();
  }
});
