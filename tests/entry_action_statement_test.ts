import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";
import { listVisibleEvents } from "./helpers/outbox_probe_repo.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

/**
 * A staff action on one entry is one statement (migration 20261211000000_entry_action_function.ts):
 * the move, its audit row and its event are written together, or nothing is.
 */
Deno.test("a staff action writes the move, its audit row and its event together, or nothing", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const act = (action: string, entryId: string, base = DEMO, staff = cookie) =>
      jsonPost(app, `${base}/api/queues/${queueId}/${action}/${entryId}`, {}, {
        headers: { cookie: staff, "user-agent": "board-test" },
        ip: "192.0.2.20",
      });
    const events = (type: string) =>
      withTenant(app.deps.db, demo, (trx) => listVisibleEvents(trx, type));
    const statusOf = async (sessionId: string) =>
      (await (await app.request(`${DEMO}/api/queues/entry/${sessionId}`)).json()).entry.status;
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `01234581${String(n).padStart(2, "0")}`,
        partySize: 2,
      })).json()).entry;
    const [a, b] = [await join(1), await join(2)];

    await t.step(
      "a seat after a call: the answer, the audit row and the event name the party",
      async () => {
        assert.equal((await act("call", a.id)).status, 200);
        const res = await act("seat", a.id);
        assert.equal(res.status, 200);
        const { entry } = await res.json();
        assert.equal(entry.id, a.id);
        assert.equal(entry.status, "seated");
        assert.equal(entry.queueName, "Dine-in");
        assert.equal(entry.position, null);
        assert.equal(await statusOf(a.sessionId), "seated");
        const logs = await auditFor(app, "demo", a.id);
        assert.deepEqual(logs.map((l) => [l.action, l.ipAddress, l.userAgent]).reverse(), [
          ["entry.call", "192.0.2.20", "board-test"],
          ["entry.seat", "192.0.2.20", "board-test"],
        ]);
        assert.deepEqual(logs[0]!.details, {
          queueId,
          ticketNumber: a.ticketNumber,
          from: "called",
          to: "seated",
        });
        assert.deepEqual((await events("entry.seated")).map((e) => e.payload), [
          { queueId, entryId: a.id },
        ]);
      },
    );

    await t.step("a refused move is a 409 and writes no audit row or event", async () => {
      const before = (await auditFor(app, "demo", b.id)).length;
      const res = await act("complete", b.id);
      assert.equal(res.status, 409);
      assert.equal((await res.json()).code, "illegal_transition");
      const noShow = await act("no-show", b.id);
      assert.equal((await noShow.json()).code, "no_show_before_call");
      assert.equal((await auditFor(app, "demo", b.id)).length, before);
      assert.equal((await events("entry.completed")).length, 0);
      assert.equal((await events("entry.no_show")).length, 0);
      assert.equal(await statusOf(b.sessionId), "waiting");
    });

    await t.step("another tenant's staff cannot move this tenant's party", async () => {
      const cafe = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
      const res = await act("cancel", b.id, CAFE, cafe);
      assert.equal(res.status, 404);
      assert.equal(await statusOf(b.sessionId), "waiting");
      assert.equal((await events("entry.cancelled")).length, 0);
    });

    await t.step("two cancels at once: one 200, one 409, one audit row and one event", async () => {
      const results = await Promise.all([act("cancel", b.id), act("cancel", b.id)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
      await Promise.all(results.map((r) => r.body?.cancel()));
      const cancels = (await auditFor(app, "demo", b.id)).filter((l) =>
        l.action === "entry.cancel"
      );
      assert.equal(cancels.length, 1);
      assert.deepEqual((await events("entry.cancelled")).map((e) => e.payload), [
        { queueId, entryId: b.id, by: "staff" },
      ]);
    });

    await t.step(
      "an id written in capitals acts on the party, and the event names it as stored",
      async () => {
        const c = await join(3);
        const res = await act("call", c.id.toUpperCase());
        assert.equal(res.status, 200);
        assert.equal(await statusOf(c.sessionId), "called");
        const called = (await events("entry.called")).map((e) => e.payload);
        assert.deepEqual(called.at(-1), { queueId, entryId: c.id });
      },
    );
  } finally {
    await app.close();
  }
});
