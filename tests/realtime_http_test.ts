import assert from "node:assert/strict";
import { entryKey, placeOnWire, type PublicQueueWire } from "../lib/queue/public_wire.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

/** Reads SSE events from a response body, one `update` event at a time. */
function eventReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    /** The next `update` event; `id` is null for one sent before its version (a preview). */
    async next(): Promise<{ id: string | null; data: unknown }> {
      while (true) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes("event: update")) continue;
          const id = block.match(/^id: (.*)$/m)?.[1] ?? null;
          return { id, data: JSON.parse(block.match(/^data: (.*)$/m)![1]!) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += value;
      }
    },
    cancel: () => reader.cancel(),
  };
}

Deno.test("SSE: the customer's stream follows the queue as staff call", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `012345670${n}`,
        partySize: 2,
      })).json()).entry;
    const a = await join(1);
    const b = await join(2);

    const res = await app.request(`${DEMO}/queue/status/${b.sessionId}/events`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const events = eventReader(res);
    try {
      const first = await events.next();
      // The line as keys in order (position = index + 1), and the waits in the same order.
      assert.deepEqual(first.data, {
        queueId,
        waiting: [entryKey(a.id), entryKey(b.id)],
        waits: [0, 15],
        called: [],
      });
      assert.deepEqual(placeOnWire(first.data as PublicQueueWire, b.id), {
        status: "waiting",
        position: 2,
        estimatedWaitTime: 15,
      });
      assert.doesNotMatch(JSON.stringify(first.data), /Guest|0123/, "no names or phones");

      const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
      const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie },
      });
      assert.equal(called.status, 200);

      // The last join's own bump may arrive after the stream opened (it opens from memory at
      // once): it repeats the same snapshot under a newer id. The next different one is the call,
      // sent from memory as soon as it committed (without an id: its version is written after).
      let second = await events.next();
      while (JSON.stringify(second.data) === JSON.stringify(first.data)) {
        assert.ok(BigInt(second.id!) > BigInt(first.id!), "a repeat comes under a newer id");
        second = await events.next();
      }
      if (second.id !== null) assert.ok(BigInt(second.id) > BigInt(first.id!), "event ids grow");
      const afterCall = {
        queueId,
        waiting: [entryKey(b.id)],
        waits: [0],
        called: [entryKey(a.id)],
      };
      assert.deepEqual(second.data, afterCall);

      // A page that reconnects with the last id it was given gets the call again.
      const again = await app.request(`${DEMO}/queue/status/${b.sessionId}/events`, {
        headers: { "last-event-id": first.id! },
      });
      const resumed = eventReader(again);
      try {
        assert.deepEqual((await resumed.next()).data, afterCall);
      } finally {
        await resumed.cancel();
      }
    } finally {
      await events.cancel();
    }
  } finally {
    await app.close();
  }
});

Deno.test("SSE: streams are refused for unknown links, foreign tenants and visitors", async () => {
  const app = await startTestApp();
  try {
    const cafeQueue = await firstQueueId(app, CAFE);
    const demoQueue = await firstQueueId(app, DEMO);
    const joined = await (await jsonPost(app, `${CAFE}/api/queues/${cafeQueue}/join`, {
      customerName: "Eve",
      customerPhone: "0123456789",
      partySize: 1,
    })).json();
    const foreign = await app.request(`${DEMO}/queue/status/${joined.entry.sessionId}/events`);
    assert.equal(foreign.status, 404);
    await foreign.body?.cancel();
    const bogus = await app.request(`${DEMO}/queue/status/${"x".repeat(32)}/events`);
    assert.equal(bogus.status, 404);
    await bogus.body?.cancel();
    const board = await app.request(`${DEMO}/dashboard/queues/${demoQueue}/events`, {
      headers: { accept: "text/event-stream" },
    });
    assert.equal(board.status, 303);
    await board.body?.cancel();
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const crossBoard = await app.request(`${DEMO}/dashboard/queues/${cafeQueue}/events`, {
      headers: { cookie: staff },
    });
    assert.equal(crossBoard.status, 404);
    await crossBoard.body?.cancel();
    assert.equal(app.deps.hub.stats().subscribers, 0);
  } finally {
    await app.close();
  }
});

Deno.test("SSE: the staff dashboard's counts follow joins live", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const page = await app.request(`${DEMO}/dashboard`, { headers: { cookie } });
    assert.match(await page.text(), /data-island="QueueCounts"/);
    const res = await app.request(`${DEMO}/dashboard/events`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const events = eventReader(res);
    try {
      const first = await events.next();
      assert.deepEqual((first.data as Array<{ waitingCount: number }>).map((q) => q.waitingCount), [
        0,
      ]);
      await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Ana",
        customerPhone: "0123456789",
        partySize: 2,
      });
      const second = await events.next();
      const [queue] = second.data as Array<{ id: string; waitingCount: number }>;
      assert.equal(queue!.id, queueId);
      assert.equal(queue!.waitingCount, 1);
    } finally {
      await events.cancel();
    }
    const visitor = await app.request(`${DEMO}/dashboard/events`);
    assert.equal(visitor.status, 303);
    await visitor.body?.cancel();
  } finally {
    await app.close();
  }
});
