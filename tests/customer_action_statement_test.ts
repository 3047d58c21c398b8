import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";
import { listVisibleEvents } from "./helpers/outbox_probe_repo.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

/**
 * A customer's own action is one statement (migration
 * 20261213000000_customer_action_function.ts): the change, its audit row and its event are
 * written together, or nothing is.
 */
Deno.test("a customer's own action writes the change, its audit row and its event together, or nothing", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const own = (sessionId: string, action: string, base = DEMO) =>
      jsonPost(app, `${base}/api/queues/entry/${sessionId}/${action}`, {}, {
        headers: { "user-agent": "phone-test" },
        ip: "192.0.2.30",
      });
    const events = (type: string) =>
      withTenant(app.deps.db, demo, (trx) => listVisibleEvents(trx, type));
    const statusOf = async (sessionId: string) =>
      (await (await app.request(`${DEMO}/api/queues/entry/${sessionId}`)).json()).entry;
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `01234582${String(n).padStart(2, "0")}`,
        partySize: 2,
      })).json()).entry;
    const callNext = async () =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie: staff },
      })).json()).entry;

    await t.step("a cancel: the answer, the audit row and the event name the party", async () => {
      const a = await join(1);
      const res = await own(a.sessionId, "cancel");
      assert.equal(res.status, 200);
      const { entry } = await res.json();
      assert.equal(entry.id, a.id);
      assert.equal(entry.status, "cancelled");
      assert.equal(entry.queueName, "Dine-in");
      assert.equal((await statusOf(a.sessionId)).status, "cancelled");
      const logs = await auditFor(app, "demo", a.id);
      assert.deepEqual(logs.map((l) => [l.action, l.ipAddress, l.userAgent, l.resourceId]), [
        ["entry.customer-cancel", "192.0.2.30", "phone-test", a.id],
      ]);
      assert.deepEqual(logs[0]!.details, {
        queueId,
        ticketNumber: a.ticketNumber,
        from: "waiting",
        to: "cancelled",
      });
      assert.deepEqual((await events("entry.cancelled")).map((e) => e.payload), [
        { queueId, entryId: a.id, by: "customer" },
      ]);
    });

    await t.step("another tenant's page cannot touch this tenant's ticket", async () => {
      const b = await join(2);
      for (const action of ["cancel", "confirm"]) {
        const res = await own(b.sessionId, action, CAFE);
        assert.equal(res.status, 404);
        assert.equal((await res.json()).code, "not_found");
      }
      const unknown = await own("abcdefghijABCDEFGHIJ0123456789_-", "cancel");
      assert.equal(unknown.status, 404);
      await unknown.body?.cancel();
      assert.equal((await statusOf(b.sessionId)).status, "waiting");
      assert.equal((await auditFor(app, "demo", b.id)).length, 0);
      assert.equal((await events("entry.cancelled")).length, 1);
      assert.equal((await events("entry.confirmed")).length, 0);
    });

    await t.step("two cancels at once: one 200, one 409, one audit row and one event", async () => {
      const c = await join(3);
      const results = await Promise.all([own(c.sessionId, "cancel"), own(c.sessionId, "cancel")]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
      const bodies = await Promise.all(results.map((r) => r.json()));
      assert.deepEqual(bodies.map((b) => b.code ?? b.entry.status).sort(), [
        "cancelled",
        "entry_ended",
      ]);
      assert.equal((await auditFor(app, "demo", c.id)).length, 1);
      assert.deepEqual(
        (await events("entry.cancelled")).map((e) => e.payload).filter((p) =>
          (p as { entryId: string }).entryId === c.id
        ),
        [{ queueId, entryId: c.id, by: "customer" }],
      );
    });

    await t.step("a called party confirms once: a second confirm changes nothing", async () => {
      const waiting = await join(4);
      const early = await own(waiting.sessionId, "confirm");
      assert.equal(early.status, 409);
      assert.equal((await early.json()).code, "confirm_before_call");
      assert.equal((await auditFor(app, "demo", waiting.id)).length, 0);
      let called = await callNext();
      while (called.id !== waiting.id) called = await callNext();
      const first = await own(waiting.sessionId, "confirm");
      assert.equal(first.status, 200);
      const confirmedAt = (await first.json()).entry.confirmedAt;
      assert.match(confirmedAt, /^\d{4}-/);
      const second = await own(waiting.sessionId, "confirm");
      assert.equal(second.status, 200);
      const again = (await second.json()).entry;
      assert.equal(again.confirmedAt, confirmedAt);
      assert.equal(again.status, "called");
      assert.equal((await statusOf(waiting.sessionId)).confirmedAt, confirmedAt);
      const confirms = (await auditFor(app, "demo", waiting.id)).filter((l) =>
        l.action === "entry.customer-confirm"
      );
      assert.equal(confirms.length, 1);
      assert.deepEqual(confirms[0]!.details, { queueId, ticketNumber: waiting.ticketNumber });
      assert.deepEqual((await events("entry.confirmed")).map((e) => e.payload), [
        { queueId, entryId: waiting.id },
      ]);
    });

    await t.step(
      "the customer leaves as staff seat them: one wins, the other is told",
      async () => {
        const e = await join(6);
        let called = await callNext();
        while (called.id !== e.id) called = await callNext();
        const [left, seated] = await Promise.all([
          own(e.sessionId, "cancel"),
          jsonPost(app, `${DEMO}/api/queues/${queueId}/seat/${e.id}`, {}, {
            headers: { cookie: staff },
          }),
        ]);
        assert.deepEqual([left.status, seated.status].sort(), [200, 409]);
        const final = (await statusOf(e.sessionId)).status;
        assert.equal(final, left.status === 200 ? "cancelled" : "seated");
        await Promise.all([left.body?.cancel(), seated.body?.cancel()]);
        const moves = (await auditFor(app, "demo", e.id)).map((l) => l.action).sort();
        assert.deepEqual(moves, [
          "entry.call-next",
          left.status === 200 ? "entry.customer-cancel" : "entry.seat",
        ]);
      },
    );

    await t.step("a called party can still leave; the audit row says from where", async () => {
      const d = await join(5);
      let called = await callNext();
      while (called.id !== d.id) called = await callNext();
      const res = await own(d.sessionId, "cancel");
      assert.equal(res.status, 200);
      await res.body?.cancel();
      const [log] = (await auditFor(app, "demo", d.id)).filter((l) =>
        l.action === "entry.customer-cancel"
      );
      assert.equal((log!.details as { from: string }).from, "called");
    });
  } finally {
    await app.close();
  }
});
