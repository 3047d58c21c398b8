import assert from "node:assert/strict";
import { jobScope, startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";
import { backdateCall, backdateFinish } from "./helpers/clock_repo.ts";
import { expireTimedOutCalls } from "../lib/queue/auto_no_show.ts";
import { sseReader } from "./helpers/sse_reader.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";
import type { BoardSnapshot } from "../lib/queue/snapshot.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

/** Moves the clock of one entry's seat/completion forward by `seconds` (the database's clock). */
async function timePasses(app: TestApp, entryId: string, seconds: number): Promise<void> {
  const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  await withTenant(app.deps.db, tenant!.id, (trx) => backdateFinish(trx, entryId, seconds));
}

Deno.test("seat and complete can be undone for a minute, then the undo is refused", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "1000" });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    let phone = 10;
    const join = async () =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${phone}`,
        customerPhone: `01234570${phone++}`,
        partySize: 2,
      })).json()).entry;
    const act = (action: string, entryId: string, who = cookie, base = DEMO, queue = queueId) =>
      jsonPost(app, `${base}/api/queues/${queue}/${action}/${entryId}`, {}, {
        headers: { cookie: who },
      });
    const customerStatus = async (sessionId: string) =>
      (await (await app.request(`${DEMO}/api/queues/entry/${sessionId}`)).json()).entry.status;

    await t.step("an undone seat puts the party back among the called, live", async () => {
      const a = await join();
      assert.equal((await act("call", a.id)).status, 200);
      assert.equal((await act("seat", a.id)).status, 200);
      const stream = await app.request(`${DEMO}/dashboard/queues/${queueId}/events`, {
        headers: { cookie },
      });
      assert.equal(stream.status, 200);
      const events = sseReader(stream.body!);
      try {
        const before = (await events.next())!.data as BoardSnapshot;
        assert.deepEqual(before.called.map((e) => e.id), []);
        assert.deepEqual(before.recent.map((e) => [e.ticketNumber, e.status]), [
          [a.ticketNumber, "seated"],
        ]);
        assert.ok(before.recent[0]!.undoSecondsLeft > 50, "the minute has just begun");
        const res = await act("undo", a.id);
        assert.equal(res.status, 200);
        assert.equal((await res.json()).entry.status, "called");
        const after = (await events.next())!.data as BoardSnapshot;
        assert.deepEqual(after.called.map((e) => e.id), [a.id], "every board redraws");
        assert.deepEqual(after.recent, []);
      } finally {
        await events.cancel();
      }
      assert.equal(await customerStatus(a.sessionId), "called", "the customer sees it too");
      const logs = await auditFor(app, "demo", a.id);
      assert.deepEqual(logs.map((l) => l.action).reverse(), [
        "entry.call",
        "entry.seat",
        "entry.undo",
      ]);
      const again = await act("undo", a.id);
      assert.equal(again.status, 409);
      assert.deepEqual(await again.json(), {
        error: `There is nothing to undo for ${a.ticketNumber}: it is not seated or completed`,
        code: "nothing_to_undo",
      });
    });

    await t.step("a completion goes back to where it was: seated, or called", async () => {
      const b = await join();
      await act("call", b.id);
      await act("seat", b.id);
      assert.equal((await act("complete", b.id)).status, 200);
      const undone = await act("undo", b.id);
      assert.equal(undone.status, 200);
      assert.equal((await undone.json()).entry.status, "seated");
      const c = await join();
      await act("call", c.id);
      await act("complete", c.id);
      assert.equal((await (await act("undo", c.id)).json()).entry.status, "called");
    });

    await t.step(
      "45 seconds later the undo still works; 61 seconds later it is refused",
      async () => {
        const d = await join();
        await act("call", d.id);
        await act("seat", d.id);
        await timePasses(app, d.id, 45);
        assert.equal((await act("undo", d.id)).status, 200);
        await act("seat", d.id);
        await timePasses(app, d.id, 61);
        const late = await act("undo", d.id);
        assert.equal(late.status, 409);
        assert.deepEqual(await late.json(), {
          error: `Too late to undo: ${d.ticketNumber} was seated more than 60 seconds ago`,
          code: "undo_expired",
        });
        assert.equal(await customerStatus(d.sessionId), "seated", "nothing changed");
        const board = await app.request(`${DEMO}/dashboard/queues/${queueId}`, {
          headers: { cookie },
        });
        assert.doesNotMatch(await board.text(), new RegExp(`"ticketNumber":"${d.ticketNumber}"`));
      },
    );

    await t.step("an undone seat starts the call clock again: no auto no-show", async () => {
      const f = await join();
      await act("call", f.id);
      const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
      // Called 12 minutes ago (the queue's no-show timeout is 10), then seated by mistake.
      await withTenant(app.deps.db, tenant!.id, (trx) => backdateCall(trx, f.id, 12));
      await act("seat", f.id);
      assert.equal((await act("undo", f.id)).status, 200);
      await expireTimedOutCalls(jobScope(app));
      assert.equal(await customerStatus(f.sessionId), "called", "still called, at the door");
    });

    await t.step(
      "a waiting party has nothing to undo; another tenant's entry is a 404",
      async () => {
        const e = await join();
        const waiting = await act("undo", e.id);
        assert.equal(waiting.status, 409);
        assert.equal((await waiting.json()).code, "nothing_to_undo");
        await act("call", e.id);
        await act("seat", e.id);
        const cafe = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
        const cafeQueue = await firstQueueId(app, CAFE);
        const foreign = await act("undo", e.id, cafe, CAFE, cafeQueue);
        assert.equal(foreign.status, 404);
        await foreign.body?.cancel();
        assert.equal(
          await customerStatus(e.sessionId),
          "seated",
          "the other tenant changed nothing",
        );
      },
    );
  } finally {
    await app.close();
  }
});
