import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { insertPastCalls } from "./helpers/history_repo.ts";

const DEMO = "http://demo.localhost";
const MINUTE = 60_000;

Deno.test("quotes fall back to averageServiceTime, then follow the queue's real pace", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `01234599${String(n).padStart(2, "0")}`,
        partySize: 2,
      })).json()).entry;
    for (let n = 1; n <= 3; n++) await join(n);
    const fourth = await join(4);
    assert.equal(fourth.position, 4);
    assert.equal(fourth.estimatedWaitTime, 3 * 15, "no history: 3 ahead × 15 min");

    // Six days of a queue that never empties and calls a party exactly every 4 minutes.
    const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
    const start = Date.now() - 6 * 86_400_000;
    const calls = Array.from({ length: 6 * 24 * 15 }, (_, n) => {
      const calledAt = start + n * 4 * MINUTE;
      return {
        joinedAt: new Date(calledAt - 60 * MINUTE),
        calledAt: new Date(calledAt),
        partySize: 2,
      };
    });
    await withTenant(
      app.deps.db,
      tenant!.id,
      (trx) => insertPastCalls(trx, tenant!.id, queueId, calls),
    );
    // The model is cached for a minute per queue; a new queue setting forces a rebuild.
    const owner = await jsonPost(app, `${DEMO}/api/auth/login`, {
      email: "owner@demo.test",
      password: "demo1234",
    });
    const cookie = owner.headers.get("set-cookie")!.split(";")[0]!;
    await app.request(`${DEMO}/api/queues/${queueId}`, {
      method: "PUT",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ averageServiceTime: 16 }),
    });
    const status = await (await app.request(`${DEMO}/api/queues/entry/${fourth.sessionId}`)).json();
    assert.equal(status.entry.position, 4);
    assert.ok(
      status.entry.estimatedWaitTime >= 12 && status.entry.estimatedWaitTime <= 20,
      `learned quote ${status.entry.estimatedWaitTime} is near 3 × 4 min, on the safe side`,
    );
  } finally {
    await app.close();
  }
});
