import assert from "node:assert/strict";
import type { DomainEvent } from "../lib/events/event_types.ts";
import { publishEventTopics } from "../lib/events/realtime.ts";
import { createCustomerReads } from "../lib/queue/customer_reads.ts";
import { callNext } from "../lib/queue/call_next.ts";
import { applyEntryAction } from "../lib/queue/entry_actions.ts";
import { joinQueue } from "../lib/queue/join.ts";
import { loadQueueModel } from "../lib/queue/queue_model.ts";
import { listQueues } from "../lib/queue/queue_list.ts";
import { createBoardReads } from "../lib/queue/board_reads.ts";
import { loadBoardSnapshot } from "../lib/queue/board_state.ts";
import { createHub } from "../lib/realtime/hub.ts";
import type { TenantScope } from "../lib/scope.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";
import { countQueries } from "./helpers/query_counter.ts";
import { startTestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";

/**
 * A process's own join is added to its read model in memory. These tests check that the result
 * is the line the database holds (every place and quote), that no query reads the line again,
 * and that a join behind another process's change, not yet told here, is loaded instead.
 */
Deno.test("joins and calls of this process are applied to its read model without reading the line, as the database holds it", async () => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "10000" }, {
    startDispatcher: false,
  });
  const hub = createHub(app.deps.kv);
  const counted = countQueries(app.deps.db);
  const reads = createCustomerReads({ db: counted.db, hub });
  const boards = createBoardReads({ db: counted.db, hub });
  try {
    // A new queue: no history yet, so its quotes follow from the line alone, whenever computed.
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const created = await jsonPost(app, `${DEMO}/api/queues`, {
      name: "Patio",
      maxCapacity: 500,
      averageServiceTime: 7,
      businessHoursStart: "00:00",
      businessHoursEnd: "24:00",
    }, { headers: { cookie: owner } });
    assert.equal(created.status, 201, await created.clone().text());
    const queueId: string = (await created.json()).queue.id;
    const tenantId = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const told: DomainEvent[] = [];
    const published: Promise<void>[] = [];
    const scope: TenantScope = {
      db: app.deps.db,
      kv: app.deps.kv,
      log: app.deps.log,
      actor: { userId: null, userType: "SYSTEM", ipAddress: null, userAgent: null },
      tenantId,
      // As the app's dispatcher does: the read model first, then the topics (their versions
      // reach this hub as this process's own).
      afterCommit: (events) => {
        told.push(...events);
        reads.changed(events);
        boards.changed(events);
        published.push(publishEventTopics(app.deps.kv, events));
      },
    };
    const joinHere = (n: number) =>
      joinQueue(scope, queueId, {
        customerName: `Here ${n}`,
        customerPhone: `01777${String(n).padStart(5, "0")}`,
        partySize: 1 + (n % 4),
      }, { view: (q, s) => reads.joinedEntry(tenantId, q, s) });

    // The model is loaded, and the hub has reported the topic's versions up to now: until
    // then, a version this process wrote may reach the watch only folded into a later one.
    const first = await joinHere(1);
    assert.equal(first.entry.customerName, "Here 1");
    for (const n of [2, 3]) {
      await joinHere(n);
      await Promise.all(published);
      await reads.publicSnapshot(tenantId, queueId);
      await reads.listing(tenantId);
      await boards.board(tenantId, queueId);
    }
    const loaded = counted.count();

    // ...and the joins that follow read nothing: each answer and page comes from memory.
    const answers = [];
    for (let n = 4; n <= 8; n++) {
      answers.push((await joinHere(n)).entry);
      await Promise.all(published);
      // The version the join published has reached the hub by now.
      assert.ok((await reads.publicSnapshot(tenantId, queueId)).waiting.length >= n);
    }
    assert.equal(counted.count(), loaded, "no query read the line after this process's joins");
    // The home page's listing too: the queue's count and quote, as the database gives them.
    const patio = (await reads.listing(tenantId)).find((q) => q.id === queueId);
    assert.equal(patio?.waitingCount, 8);
    assert.deepEqual(await reads.listing(tenantId), await listQueues(app.deps.db, tenantId));
    assert.equal(counted.count(), loaded, "no query read the listing after this process's joins");
    // And the staff board: the same parties, places and details as a fresh read gives.
    const board = () => boards.board(tenantId, queueId);
    assert.equal((await board())?.waiting.length, 8);
    assert.deepEqual(await board(), await loadBoardSnapshot(app.deps.db, tenantId, queueId));
    assert.equal(counted.count(), loaded, "no query read the board after this process's joins");
    const snapshot = await reads.publicSnapshot(tenantId, queueId);
    for (const answer of answers) {
      const listed = snapshot.waiting.find((w) => w.id === answer.id);
      assert.equal(listed?.position, answer.position, `ticket ${answer.ticketNumber}'s place`);
      assert.deepEqual(await reads.entryStatus(tenantId, answer.sessionId), answer);
    }
    assert.equal(counted.count(), loaded);
    assert.ok(told.every((e) => e.type === "entry.joined" && e.committed?.kind === "joined"));

    // What memory holds is the database's line: the same places, quotes and views.
    const truth = await loadQueueModel(app.deps.db, tenantId, queueId);
    assert.equal(truth.snapshot.waiting.length, 8);
    assert.deepEqual(snapshot, truth.snapshot);
    for (const [sessionId, live] of truth.views) {
      assert.deepEqual(await reads.entryStatus(tenantId, sessionId), live.view);
    }
    assert.equal(counted.count(), loaded);

    // Two calls of this process: the head of the line is called, in memory as in the database.
    for (const expected of ["Here 1", "Here 2"]) {
      const called = await callNext(scope, queueId);
      assert.equal(called.customerName, expected);
      await Promise.all(published);
      assert.equal((await reads.entryStatus(tenantId, called.sessionId))?.status, "called");
      assert.deepEqual(await board(), await loadBoardSnapshot(app.deps.db, tenantId, queueId));
    }
    assert.equal(counted.count(), loaded, "no query read the board after this process's calls");
    // Staff seat the first called party and cancel a waiting one, from this process.
    const calledFirst = await reads.entryStatus(tenantId, first.entry.sessionId);
    await applyEntryAction(scope, queueId, calledFirst!.id, "seat");
    await applyEntryAction(scope, queueId, answers[0]!.id, "cancel");
    await Promise.all(published);
    const afterCalls = await loadQueueModel(app.deps.db, tenantId, queueId);
    assert.equal(afterCalls.snapshot.waiting.length, 5);
    assert.equal(afterCalls.snapshot.called.length, 1);
    assert.deepEqual(await reads.publicSnapshot(tenantId, queueId), afterCalls.snapshot);
    assert.deepEqual(await reads.listing(tenantId), await listQueues(app.deps.db, tenantId));
    for (const [sessionId, live] of afterCalls.views) {
      assert.deepEqual(await reads.entryStatus(tenantId, sessionId), live.view);
    }
    assert.equal(
      counted.count(),
      loaded,
      "no query read the line after this process's staff actions",
    );
    // A seat goes to the board's undo list, which the board reads again.
    // (The undo's seconds left are compared apart: two reads may fall either side of a second.)
    const withoutCountdown = (b: Awaited<ReturnType<typeof board>>) =>
      b && { ...b, recent: b.recent.map(({ undoSecondsLeft: _, ...r }) => r) };
    const seated = await board();
    const fresh = await loadBoardSnapshot(app.deps.db, tenantId, queueId);
    assert.deepEqual(withoutCountdown(seated), withoutCountdown(fresh));
    assert.deepEqual(seated?.recent.map((r) => r.customerName), ["Here 1"]);
    assert.ok(
      Math.abs(seated!.recent[0]!.undoSecondsLeft - fresh!.recent[0]!.undoSecondsLeft) <= 1,
    );
    assert.equal(seated?.waiting.length, 5);
    // The ones who left are read from the database, as no longer live.
    assert.equal(
      await reads.entryStatus(tenantId, answers[0]!.sessionId).then((v) => v?.status),
      "cancelled",
    );

    // Another process's join, not yet told here: this process's next join is made behind it,
    // so the model is not the line it joined and is loaded again, with both in it.
    const elsewhere = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Elsewhere",
      customerPhone: "0188800001",
      partySize: 2,
    });
    assert.equal(elsewhere.status, 201);
    const before = counted.count();
    const after = (await joinHere(9)).entry;
    assert.ok(counted.count() > before, "the line was read again");
    assert.equal(after.position, 7);
    const now = await reads.publicSnapshot(tenantId, queueId);
    assert.deepEqual(now, (await loadQueueModel(app.deps.db, tenantId, queueId)).snapshot);
    assert.equal(snapshotPlace(now, after.id), 7);
    await Promise.all(published);
  } finally {
    reads.close();
    boards.close();
    hub.close();
    await app.close();
  }
});

function snapshotPlace(
  snapshot: { waiting: Array<{ id: string; position: number }> },
  id: string,
): number | undefined {
  return snapshot.waiting.find((w) => w.id === id)?.position;
}
