import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";
import { listVisibleEvents } from "./helpers/outbox_probe_repo.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

/**
 * "Call next" is one statement (migration 20261210000000_call_next_function.ts): what it writes
 * beside the call, and what it writes when it calls nobody.
 */
Deno.test("call-next writes the call, its audit row and its event together, or nothing", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const callNext = (base = DEMO, id = queueId, staff = cookie) =>
      jsonPost(app, `${base}/api/queues/${id}/call-next`, {}, {
        headers: { cookie: staff, "user-agent": "board-test" },
        ip: "192.0.2.10",
      });
    const events = () =>
      withTenant(app.deps.db, demo, (trx) => listVisibleEvents(trx, "entry.called"));
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `01234571${String(n).padStart(2, "0")}`,
        partySize: 2,
      })).json()).entry;
    const [a, b] = [await join(1), await join(2)];

    await t.step(
      "the head of the line is called, and the audit row and event name them",
      async () => {
        const res = await callNext();
        assert.equal(res.status, 200);
        const { entry } = await res.json();
        assert.equal(entry.id, a.id);
        assert.equal(entry.status, "called");
        assert.equal(entry.queueName, "Dine-in");
        assert.equal(typeof entry.calledAt, "string");
        const logs = await auditFor(app, "demo", a.id);
        assert.deepEqual(
          logs.map((l) => [l.action, l.resource, l.userType, l.ipAddress, l.userAgent]),
          [
            ["entry.call-next", "queue_entry", "MERCHANT", "192.0.2.10", "board-test"],
          ],
        );
        assert.deepEqual(logs[0]!.details, {
          queueId,
          ticketNumber: a.ticketNumber,
          from: "waiting",
          to: "called",
        });
        assert.deepEqual((await events()).map((e) => e.payload), [{ queueId, entryId: a.id }]);
      },
    );

    await t.step("another tenant's staff cannot call this queue's next party", async () => {
      const cafe = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
      const res = await callNext(CAFE, queueId, cafe);
      assert.equal(res.status, 404);
      const status = await app.request(`${DEMO}/api/queues/entry/${b.sessionId}`);
      assert.equal((await status.json()).entry.status, "waiting");
      assert.equal((await events()).length, 1);
    });

    await t.step("with nobody left waiting: a 409, and no audit row or event", async () => {
      assert.equal((await callNext()).status, 200);
      const before = (await auditFor(app, "demo", "")).length;
      const res = await callNext();
      assert.equal(res.status, 409);
      assert.equal((await res.json()).code, "nobody_waiting");
      assert.equal((await auditFor(app, "demo", "")).length, before);
      assert.deepEqual(
        (await events()).map((e) => (e.payload as { entryId: string }).entryId).sort(),
        [a.id, b.id].sort(),
      );
    });
  } finally {
    await app.close();
  }
});
