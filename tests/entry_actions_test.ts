import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

Deno.test("staff actions follow the entry state machine, with 409 for illegal moves", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `01234560${String(n).padStart(2, "0")}`,
        partySize: 2,
      })).json()).entry;
    const act = (action: string, entryId: string, ua = "board-test") =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/${action}/${entryId}`, {}, {
        headers: { cookie, "user-agent": ua },
        ip: "192.0.2.10",
      });
    const [a, b, c] = [await join(1), await join(2), await join(3)];

    await t.step("seating someone still waiting is a 409 that says why", async () => {
      const res = await act("seat", a.id);
      assert.equal(res.status, 409);
      assert.deepEqual(await res.json(), {
        error: "Cannot seat A001: it is waiting",
        code: "illegal_transition",
      });
    });

    await t.step("call a specific party out of order, then seat them", async () => {
      const called = await act("call", b.id);
      assert.equal(called.status, 200);
      assert.equal((await called.json()).entry.status, "called");
      const seated = await act("seat", b.id);
      assert.equal((await seated.json()).entry.status, "seated");
      const again = await act("cancel", b.id);
      assert.equal(again.status, 409);
      assert.deepEqual(await again.json(), {
        error: "Cannot cancel A002: it is already seated",
        code: "illegal_transition",
      });
    });

    await t.step("requeue puts a called party back in their place", async () => {
      await act("call", a.id);
      const res = await act("requeue", a.id);
      const { entry } = await res.json();
      assert.equal(entry.status, "waiting");
      assert.equal(entry.position, 1);
    });

    await t.step("a party still waiting cannot be a no-show: the refusal names why", async () => {
      const res = await act("no-show", a.id);
      assert.equal(res.status, 409);
      assert.deepEqual(await res.json(), {
        error:
          "A001 has not been called yet, so it cannot be a no-show; call it first, or cancel it",
        code: "no_show_before_call",
      });
      const status = await (await app.request(`${DEMO}/api/queues/entry/${a.sessionId}`)).json();
      assert.equal(status.entry.status, "waiting", "nothing changed");
    });

    await t.step("no-show and cancel end an entry; the customer sees it", async () => {
      assert.equal((await act("call", a.id)).status, 200);
      assert.equal((await act("no-show", a.id)).status, 200);
      assert.equal((await act("cancel", c.id)).status, 200);
      const status = await (await app.request(`${DEMO}/api/queues/entry/${a.sessionId}`)).json();
      assert.equal(status.entry.status, "no_show");
      assert.equal(status.entry.position, null);
    });

    await t.step("two staff acting on one entry at once: one wins, one gets a 409", async () => {
      const d = await join(4);
      await act("call", d.id);
      const results = await Promise.all([act("seat", d.id), act("seat", d.id)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
      await Promise.all(results.map((r) => r.body?.cancel()));
    });

    await t.step("every action is in the audit log: who, what, entry, IP, user agent", async () => {
      const logs = await auditFor(app, "demo", b.id);
      assert.deepEqual(logs.map((l) => l.action).reverse(), ["entry.call", "entry.seat"]);
      const seat = logs[0]!;
      assert.equal(seat.userType, "MERCHANT");
      assert.match(seat.userId!, /^[0-9a-f-]{36}$/);
      assert.equal(seat.ipAddress, "192.0.2.10");
      assert.equal(seat.userAgent, "board-test");
      assert.deepEqual(seat.details, {
        queueId,
        ticketNumber: "A002",
        from: "called",
        to: "seated",
      });
    });

    await t.step("another tenant's entry or an unknown entry is a 404", async () => {
      const cafeQueue = await firstQueueId(app, CAFE);
      const eve = (await (await jsonPost(app, `${CAFE}/api/queues/${cafeQueue}/join`, {
        customerName: "Eve",
        customerPhone: "0123456789",
        partySize: 1,
      })).json()).entry;
      const cross = await jsonPost(app, `${DEMO}/api/queues/${cafeQueue}/call/${eve.id}`, {}, {
        headers: { cookie },
      });
      assert.equal(cross.status, 404);
      const mixed = await act("call", eve.id);
      assert.equal(mixed.status, 404);
      assert.deepEqual(await mixed.json(), { error: "Queue entry not found", code: "not_found" });
      const bogus = await act("call", "not-a-uuid");
      assert.equal(bogus.status, 404);
    });

    await t.step("without a session every action is a 401", async () => {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${c.id}`, {});
      assert.equal(res.status, 401);
    });
  } finally {
    await app.close();
  }
});

Deno.test("two concurrent call-next never call the same party", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    for (let n = 1; n <= 6; n++) {
      await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `012345670${n}`,
        partySize: 1,
      });
    }
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const calls = await Promise.all(
      Array.from(
        { length: 6 },
        () => jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, { headers: { cookie } }),
      ),
    );
    const bodies = await Promise.all(calls.map((r) => r.json()));
    assert.deepEqual(calls.map((r) => r.status), [200, 200, 200, 200, 200, 200]);
    const tickets = bodies.map((b) => b.entry.ticketNumber).sort();
    assert.deepEqual(tickets, ["A001", "A002", "A003", "A004", "A005", "A006"]);
    // Each call's audit row was written with its change (in the statement with its event).
    for (const { entry } of bodies) {
      const logs = await auditFor(app, "demo", entry.id);
      assert.deepEqual(logs.map((l) => [l.action, l.userType, l.details?.to]), [
        ["entry.call-next", "MERCHANT", "called"],
      ]);
    }
  } finally {
    await app.close();
  }
});

Deno.test("a refused no-show reads as plain English", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const { entry } = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Ana",
      customerPhone: "0123456789",
      partySize: 2,
    })).json();
    const act = (action: string) =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/${action}/${entry.id}`, {}, {
        headers: { cookie },
      });
    assert.equal((await act("cancel")).status, 200);
    const res = await act("no-show");
    assert.equal(res.status, 409);
    assert.deepEqual(await res.json(), {
      error: "Cannot mark A001 as a no-show: it is cancelled",
      code: "illegal_transition",
    });
  } finally {
    await app.close();
  }
});
