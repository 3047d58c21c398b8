import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { localMinutes } from "../lib/queue/hours.ts";

const DEMO = "http://demo.localhost";
const guest = (n: number) => ({
  customerName: `Guest ${n}`,
  customerPhone: `+6012${String(n).padStart(7, "0")}`,
  partySize: 1 + (n % 4),
});

async function newQueue(app: TestApp, owner: string, settings: Record<string, unknown>) {
  const res = await jsonPost(app, `${DEMO}/api/queues`, {
    name: `Q${crypto.randomUUID().slice(0, 6)}`,
    ...settings,
  }, {
    headers: { cookie: owner },
  });
  assert.equal(res.status, 201);
  return (await res.json()).queue.id as string;
}

function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

Deno.test("join rules: hours, accepting, capacity, same phone, idempotency", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "1000" });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const join = (queueId: string, body: unknown, headers: Record<string, string> = {}) =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, body, { headers });

    await t.step(
      "outside business hours in the tenant's time zone: 409 naming the hours",
      async () => {
        const now = localMinutes("Asia/Kuala_Lumpur", new Date());
        const queueId = await newQueue(app, owner, {
          businessHoursStart: hhmm(now + 120),
          businessHoursEnd: hhmm(now + 180),
        });
        const res = await join(queueId, guest(1));
        assert.equal(res.status, 409);
        assert.match(
          (await res.json()).error,
          /is closed now; it takes customers from \d\d:\d\d to/,
        );
      },
    );

    await t.step("a queue not accepting customers says so", async () => {
      const queueId = await newQueue(app, owner, { acceptingCustomers: false });
      const res = await join(queueId, guest(2));
      assert.equal(res.status, 409);
      assert.match((await res.json()).error, /is not taking new customers right now/);
    });

    await t.step("a full queue says so", async () => {
      const queueId = await newQueue(app, owner, {
        maxCapacity: 2,
        businessHoursStart: "00:00",
        businessHoursEnd: "24:00",
      });
      assert.equal((await join(queueId, guest(3))).status, 201);
      assert.equal((await join(queueId, guest(4))).status, 201);
      const full = await join(queueId, guest(5));
      assert.equal(full.status, 409);
      assert.match((await full.json()).error, /is full \(2 parties\)/);
    });

    await t.step("a change made right after a join holds for the next join", async () => {
      // The first join leaves this process's read of the queue behind; each change must still
      // decide the join that follows it at once.
      const queueId = await newQueue(app, owner, {
        maxCapacity: 5,
        businessHoursStart: "00:00",
        businessHoursEnd: "24:00",
      });
      const update = (body: Record<string, unknown>) =>
        app.request(`${DEMO}/api/queues/${queueId}`, {
          method: "PUT",
          headers: { "content-type": "application/json", cookie: owner },
          body: JSON.stringify(body),
        });
      assert.equal((await join(queueId, guest(40))).status, 201);
      assert.equal((await update({ acceptingCustomers: false })).status, 200);
      const paused = await join(queueId, guest(41));
      assert.equal(paused.status, 409);
      assert.match((await paused.json()).error, /is not taking new customers right now/);
      assert.equal((await update({ acceptingCustomers: true, maxCapacity: 1 })).status, 200);
      const full = await join(queueId, guest(42));
      assert.equal(full.status, 409);
      assert.match((await full.json()).error, /is full \(1 parties\)/);
      assert.equal((await update({ maxCapacity: 3 })).status, 200);
      assert.equal((await join(queueId, guest(43))).status, 201);
      const toggled = await app.request(`${DEMO}/api/queues/${queueId}/toggle`, {
        method: "POST",
        headers: { cookie: owner },
      });
      assert.equal(toggled.status, 200);
      assert.equal((await toggled.json()).queue.isActive, false);
      assert.equal((await join(queueId, guest(44))).status, 404);
    });

    const queueId = await firstQueueId(app, DEMO);
    await t.step("the same phone gets its entry back only on the browser holding it", async () => {
      const firstRes = await join(queueId, guest(6));
      const first = await firstRes.json();
      const ticketCookie = firstRes.headers.getSetCookie()
        .find((c) => c.startsWith("qms_tickets="))!.split(";")[0]!;
      const again = await join(queueId, { ...guest(6), customerPhone: "+60 12 000 0006" }, {
        cookie: ticketCookie,
      });
      assert.equal(again.status, 200);
      assert.equal((await again.json()).entry.id, first.entry.id);
      const stranger = await join(queueId, { ...guest(6), customerName: "Mallory" });
      assert.equal(stranger.status, 409);
      const body = await stranger.json();
      assert.match(body.error, /already has a place in this queue; open your ticket link/);
      assert.equal(body.entry, undefined, "nothing of the other customer's ticket leaks");
      assert.equal(stranger.headers.getSetCookie().length, 0);
    });

    await t.step(
      "a retried request with the same Idempotency-Key creates nothing new",
      async () => {
        const key = { "idempotency-key": "retry-abc-123" };
        const a = await join(queueId, guest(7), key);
        assert.equal(a.status, 201);
        const b = await join(queueId, guest(7), key);
        assert.equal(b.status, 200);
        assert.equal((await b.json()).entry.id, (await a.json()).entry.id);
        const bad = await join(queueId, guest(8), { "idempotency-key": "x" });
        assert.equal(bad.status, 422);
        const hijack = await join(queueId, guest(9), key);
        assert.equal(hijack.status, 409, "a reused key with another phone gets nothing");
        const refusal = await hijack.json();
        assert.equal(typeof refusal.error, "string", "an error answer");
        assert.doesNotMatch(JSON.stringify(refusal), /sessionId/);
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test("200 concurrent joins: 200 entries, distinct tickets, positions 1 to 200", async () => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "100000" });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const results = await Promise.all(
      Array.from(
        { length: 200 },
        (_, i) =>
          jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, guest(100 + i), {
            ip: `10.1.${i % 250}.1`,
          }),
      ),
    );
    const bodies = await Promise.all(results.map((r) => r.json()));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
    const tickets = new Set(bodies.map((b) => b.entry.ticketNumber));
    assert.equal(tickets.size, 200);
    const positions = bodies.map((b) => b.entry.position).sort((a, b) => a - b);
    assert.deepEqual(positions, Array.from({ length: 200 }, (_, i) => i + 1));
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const board = await app.request(`${DEMO}/dashboard/queues/${queueId}`, {
      headers: { cookie: staff },
    });
    assert.match(await board.text(), /Waiting \(200\)/);
  } finally {
    await app.close();
  }
});

Deno.test("capacity 50 under 80 concurrent joins: exactly 50 in, 30 told it is full", async () => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "100000" });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const queueId = await newQueue(app, owner, {
      maxCapacity: 50,
      businessHoursStart: "00:00",
      businessHoursEnd: "24:00",
    });
    const results = await Promise.all(
      Array.from(
        { length: 80 },
        (_, i) =>
          jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, guest(500 + i), {
            ip: `10.2.${i}.1`,
          }),
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 50);
    assert.equal(statuses.filter((s) => s === 409).length, 30);
    const refusals = await Promise.all(
      results.filter((r) => r.status === 409).map((r) => r.json()),
    );
    for (const r of refusals) assert.match(r.error, /is full \(50 parties\)/);
    await Promise.all(results.filter((r) => r.status === 201).map((r) => r.body?.cancel()));
  } finally {
    await app.close();
  }
});
