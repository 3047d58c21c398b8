import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { realtimeTopicKey } from "../lib/kv/keys.ts";
import { createCustomerReads } from "../lib/queue/customer_reads.ts";
import { getEntryStatus } from "../lib/queue/entry_status.ts";
import { listQueues } from "../lib/queue/queue_list.ts";
import { createHub, type RealtimeHub } from "../lib/realtime/hub.ts";
import { publishTopic } from "../lib/realtime/publish.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { countQueries } from "./helpers/query_counter.ts";
import { renameEntrySilently } from "./helpers/read_model_probe_repo.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const MANY_JOINS = { RATE_LIMIT_JOIN_PER_MINUTE: "10000" };

interface Entry {
  id: string;
  sessionId: string;
  ticketNumber: string;
  status: string;
  position: number | null;
  customerName: string;
}

async function tenantIdOf(app: TestApp, slug: string): Promise<string> {
  return (await app.deps.tenants.lookup({ kind: "subdomain", slug }))!.id;
}

async function join(app: TestApp, queueId: string, n: number): Promise<Entry> {
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: `Guest ${n}`,
    customerPhone: `01234${String(n).padStart(5, "0")}`,
    partySize: 1 + (n % 3),
  }, { ip: `10.8.${n >> 8}.${n & 255}` });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).entry;
}

async function statusOf(app: TestApp, sessionId: string, base = DEMO) {
  const res = await app.request(`${base}/api/queues/entry/${sessionId}`);
  return { status: res.status, body: await res.json() };
}

/** Resolves once `hub` has delivered a version of `topic` above `above`; returns it. */
function deliveredAbove(hub: RealtimeHub, topic: Deno.KvKey, above: bigint): Promise<bigint> {
  return new Promise((resolve) => {
    const stop = hub.watchTopic(topic, (version) => {
      if (version <= above) return;
      queueMicrotask(() => stop());
      resolve(version);
    });
  });
}

Deno.test("the page after a join or a staff action shows it, under concurrent joins and calls", async () => {
  const app = await startTestApp(MANY_JOINS);
  try {
    const queueId = await firstQueueId(app, DEMO);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    // Warm the read model first, so that every later read is one it could answer stale.
    await app.request(`${DEMO}/`);

    const joins = Array.from({ length: 24 }, async (_, i) => {
      const entry = await join(app, queueId, i + 1);
      const json = await statusOf(app, entry.sessionId);
      assert.equal(json.status, 200);
      assert.equal(json.body.entry.ticketNumber, entry.ticketNumber);
      assert.ok(["waiting", "called"].includes(json.body.entry.status), json.body.entry.status);
      const page = await app.request(`${DEMO}/queue/status/${entry.sessionId}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), new RegExp(entry.ticketNumber));
      return entry;
    });
    const calls = Array.from({ length: 6 }, async (_, i) => {
      await joins[i * 3]; // each call runs while later joins are still going on
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie },
      });
      assert.equal(res.status, 200, await res.clone().text());
      const called = (await res.json()).entry;
      if (!called) return;
      const json = await statusOf(app, called.sessionId);
      assert.equal(json.body.entry.status, "called", "the call shows on the very next read");
    });
    const entries = await Promise.all(joins);
    await Promise.all(calls);

    // Seating one makes it leave the model: the next read still shows it, as seated.
    const called = (await statusOf(app, entries[0]!.sessionId)).body.entry;
    if (called.status === "waiting") {
      await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${called.id}`, {}, {
        headers: { cookie },
      });
    }
    const seat = await jsonPost(app, `${DEMO}/api/queues/${queueId}/seat/${called.id}`, {}, {
      headers: { cookie },
    });
    assert.equal(seat.status, 200, await seat.clone().text());
    assert.equal((await statusOf(app, entries[0]!.sessionId)).body.entry.status, "seated");

    // Every read from memory equals the database's own answer, place and quote included.
    const tenantId = await tenantIdOf(app, "demo");
    for (const entry of entries) {
      const truth = await getEntryStatus(app.deps.db, tenantId, entry.sessionId);
      assert.deepEqual((await statusOf(app, entry.sessionId)).body, { entry: truth });
    }
    const listed = (await listQueues(app.deps.db, tenantId)).find((q) => q.id === queueId)!;
    assert.ok(listed.waitingCount > 1);
    const home = await (await app.request(`${DEMO}/`)).text();
    assert.match(home, new RegExp(`${listed.waitingCount} parties waiting`));
  } finally {
    await app.close();
  }
});

Deno.test("another process's change: once its event is delivered, no read shows the older state", async () => {
  // No outbox handlers: each call then bumps the queue's topic exactly once (a nudge handler
  // would bump it again later), so the n-th delivered version is the n-th call's.
  const app = await startTestApp(MANY_JOINS, { startDispatcher: false });
  // A second process's reads: its own hub and read model on the same database and KV, told of
  // changes only through the KV topic (never by `changed()`).
  const hub = createHub(app.deps.kv);
  const counted = countQueries(app.deps.db);
  const reads = createCustomerReads({ db: counted.db, hub });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const tenantId = await tenantIdOf(app, "demo");
    const topic = realtimeTopicKey(tenantId, "queue", queueId);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const entries: Entry[] = [];
    for (let n = 1; n <= 12; n++) entries.push(await join(app, queueId, n));
    const last = entries.at(-1)!;
    assert.equal((await reads.entryStatus(tenantId, last.sessionId))?.position, 12);

    // Calls one by one; each call's delivered version is noted, while readers run throughout.
    const deliveredAt: bigint[] = [];
    let delivered = (await app.deps.kv.get<Deno.KvU64>(topic)).value?.value ?? 0n;
    let done = false;
    const observations: Array<{ seen: bigint; called: number; position: number | null }> = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (!done) {
        const seen = delivered;
        const [snapshot, mine] = await Promise.all([
          reads.publicSnapshot(tenantId, queueId),
          reads.entryStatus(tenantId, last.sessionId),
        ]);
        observations.push({ seen, called: snapshot.called.length, position: mine!.position });
        await new Promise((r) => setTimeout(r, 1));
      }
    });
    /** Until the readers (running meanwhile) have finished more than `count` reads. */
    const readsPast = async (count: number) => {
      const deadline = Date.now() + 30_000;
      while (observations.length <= count) {
        if (Date.now() > deadline) throw new Error("the readers stopped reading");
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    await readsPast(0);
    for (let i = 1; i <= 8; i++) {
      const readsBefore = observations.length;
      const next = deliveredAbove(hub, topic, delivered);
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie },
      });
      assert.equal(res.status, 200);
      delivered = await next;
      deliveredAt.push(delivered);
      // The readers keep pace with the calls, however fast the calls went: a read per call.
      await readsPast(readsBefore);
    }
    done = true;
    await Promise.all(readers);

    assert.ok(observations.length > 8, `readers ran (${observations.length} reads)`);
    for (const o of observations) {
      // The calls whose event had been delivered when this read began.
      const callsSeen = deliveredAt.filter((v) => v <= o.seen).length;
      assert.ok(o.called >= callsSeen, `a read after call ${callsSeen} showed ${o.called} called`);
      assert.ok(o.position! <= 12 - callsSeen, `place ${o.position} after ${callsSeen} calls`);
    }
    assert.equal((await reads.entryStatus(tenantId, last.sessionId))?.position, 4);
  } finally {
    reads.close();
    hub.close();
    await app.close();
  }
});

Deno.test("reads come from memory: no query while nothing changed, a fresh read after an event", async () => {
  const app = await startTestApp(MANY_JOINS);
  const hub = createHub(app.deps.kv);
  const counted = countQueries(app.deps.db);
  const reads = createCustomerReads({ db: counted.db, hub });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const tenantId = await tenantIdOf(app, "demo");
    const entries: Entry[] = [];
    for (let n = 1; n <= 5; n++) entries.push(await join(app, queueId, n));

    // A restarted process: the first stream opening loads the tenant's live queues...
    assert.equal(await reads.queueOfSession(tenantId, entries[0]!.sessionId), queueId);
    const before = counted.count();
    // ...and the rest, reads and stream openings alike, run no query at all.
    for (const entry of entries) {
      assert.equal(await reads.queueOfSession(tenantId, entry.sessionId), queueId);
      assert.equal((await reads.entryStatus(tenantId, entry.sessionId))?.status, "waiting");
      assert.match(
        (await reads.entryStatusJson(tenantId, entry.sessionId))?.text ?? "",
        /"Guest \d"/,
      );
    }
    assert.equal(counted.count(), before, "no query for reads of an unchanged queue");

    // A change no event tells of stays unseen (the answer is memory's)...
    await withTenant(
      app.deps.db,
      tenantId,
      (trx) => renameEntrySilently(trx, entries[2]!.id, "Renamed"),
    );
    assert.equal(
      (await reads.entryStatus(tenantId, entries[2]!.sessionId))?.customerName,
      "Guest 3",
    );
    // ...until the queue's topic moves: then the very next read shows it.
    const topic = realtimeTopicKey(tenantId, "queue", queueId);
    const next = deliveredAbove(
      hub,
      topic,
      (await app.deps.kv.get<Deno.KvU64>(topic)).value!.value,
    );
    await publishTopic(app.deps.kv, tenantId, "queue", queueId);
    await next;
    assert.equal(
      (await reads.entryStatus(tenantId, entries[2]!.sessionId))?.customerName,
      "Renamed",
    );

    // Another tenant never reads this tenant's ticket, though it sits in memory.
    const cafe = await tenantIdOf(app, "cafe");
    assert.equal(await reads.entryStatus(cafe, entries[0]!.sessionId), null);
    assert.equal(await reads.queueOfSession(cafe, entries[0]!.sessionId), null);
  } finally {
    reads.close();
    hub.close();
    await app.close();
  }
});

Deno.test("over HTTP, another tenant's host gets a 404 for a ticket held in memory", async () => {
  const app = await startTestApp(MANY_JOINS);
  try {
    const queueId = await firstQueueId(app, DEMO);
    const entry = await join(app, queueId, 1);
    assert.equal((await statusOf(app, entry.sessionId)).status, 200);
    const other = await statusOf(app, entry.sessionId, CAFE);
    assert.equal(other.status, 404);
    assert.equal(other.body.code, "not_found");
    assert.doesNotMatch(JSON.stringify(other.body), /Guest/);
    const page = await app.request(`${CAFE}/queue/status/${entry.sessionId}`);
    assert.equal(page.status, 404);
    assert.doesNotMatch(await page.text(), new RegExp(entry.ticketNumber));
    const stream = await app.request(`${CAFE}/queue/status/${entry.sessionId}/events`);
    assert.equal(stream.status, 404);
    await stream.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("the plan's limit counts in memory; a join's own limit in KV", async () => {
  const app = await startTestApp({ RATE_LIMIT_MAX_ENTERPRISE: "6", ...MANY_JOINS });
  try {
    const queueId = await firstQueueId(app, DEMO); // another client's read
    const ip = "10.99.0.1";
    for (let i = 0; i < 6; i++) {
      assert.equal((await app.request(`${DEMO}/`, { ip })).status, 200);
    }
    const limited = await app.request(`${DEMO}/`, { ip });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.match(await limited.text(), /Too many requests/);
    assert.equal(
      (await app.request(`${DEMO}/`, { ip: "10.99.0.2" })).status,
      200,
      "others read on",
    );
    const keys = async () =>
      (await Array.fromAsync(app.deps.kv.list({ prefix: ["ratelimit"] })))
        .map((e) => String(e.key[1]));
    assert.deepEqual(await keys(), [], "no KV write for a read");
    await join(app, queueId, 7);
    assert.deepEqual(
      (await keys()).map((k) => k.split(":")[0]),
      ["join"],
      "a join is counted in KV by its own limit only",
    );
  } finally {
    await app.close();
  }
});
