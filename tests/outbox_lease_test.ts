import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { createDispatcher, type EventHandler } from "../lib/events/dispatcher.ts";
import { newEvent } from "../lib/events/event_types.ts";
import { insertOutboxEvents } from "../lib/events/outbox_repo.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

/** `n` reset-mail events of the demo tenant, pending for the "mail" handler; their ids. */
async function pendingMails(app: TestApp, n: number): Promise<string[]> {
  const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
  const events = Array.from({ length: n }, () =>
    newEvent("password.reset_requested", demo, {
      userId: crypto.randomUUID(),
      tenantName: "Demo",
      origin: "http://demo.localhost",
    }));
  await withTenant(
    app.deps.db,
    demo,
    (trx) => insertOutboxEvents(trx, events.map((event) => ({ event, pending: ["mail"] }))),
  );
  return events.map((e) => e.id);
}

/** A "mail" handler that records which dispatcher delivered which event. */
function recordingHandler(
  who: string,
  deliveries: Map<string, string[]>,
  before: (eventId: string) => Promise<void> = () => Promise.resolve(),
): EventHandler {
  return {
    name: "mail",
    async handle(event) {
      await before(event.id);
      deliveries.set(event.id, [...(deliveries.get(event.id) ?? []), who]);
    },
  };
}

function dispatcherOf(app: TestApp, handler: EventHandler, leaseMs = 60_000) {
  return createDispatcher({
    db: app.deps.db,
    log: () => {},
    handlers: [handler],
    realtime: () => Promise.resolve(),
    leaseMs,
    batchSize: 10,
  });
}

Deno.test("outbox: events whose claim ran out behind slow sends are delivered once, by one dispatcher", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const ids = await pendingMails(app, 6);
    const deliveries = new Map<string, string[]>();
    // A claims all six for one second, and each of its sends takes 0.4 s: by the time it reaches
    // the fourth, the claim on the rest has run out and B may take them over.
    const slow = recordingHandler("A", deliveries, () => new Promise((r) => setTimeout(r, 400)));
    const a = dispatcherOf(app, slow, 1_000);
    const b = dispatcherOf(app, recordingHandler("B", deliveries), 1_000);
    const roundA = a.runOnce();
    await new Promise((r) => setTimeout(r, 1_300));
    const settledB = await b.runOnce();
    const settledA = await roundA;
    const twice = ids.filter((id) => (deliveries.get(id) ?? []).length !== 1)
      .map((id) => `${ids.indexOf(id)}: ${(deliveries.get(id) ?? []).join("+") || "none"}`);
    assert.deepEqual(twice, [], "each event delivered exactly once");
    assert.ok(settledB > 0, "B took over the events A's claim no longer covered");
    assert.equal(settledA + settledB, 6, `each event settled once: A ${settledA}, B ${settledB}`);
    assert.deepEqual(await app.deps.dispatcher.stats(), {
      pending: 0,
      dead: 0,
      oldestPendingMs: 0,
    });
  } finally {
    await app.close();
  }
});

Deno.test("outbox: stop() ends a long round after the event in hand; the rest are due at once elsewhere", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const ids = await pendingMails(app, 50);
    const deliveries = new Map<string, string[]>();
    let stopping: Promise<void> | null = null;
    const a = dispatcherOf(
      app,
      recordingHandler("A", deliveries, () => {
        // Shutdown begins while the first send of a 50-event backlog is under way.
        stopping ??= a.stop();
        return Promise.resolve();
      }),
    );
    const settledA = await a.runOnce();
    await stopping;
    assert.equal(settledA, 1, "the stopping dispatcher finished the event in hand only");
    assert.equal(deliveries.size, 1);
    // Another process (or the next start) takes the rest at once, not after the 60 s claim.
    const b = dispatcherOf(app, recordingHandler("B", deliveries));
    assert.equal(await b.runOnce(), 49);
    assert.deepEqual(
      ids.filter((id) => (deliveries.get(id) ?? []).length !== 1),
      [],
      "each event delivered exactly once",
    );
    assert.equal((await app.deps.dispatcher.stats()).pending, 0);
  } finally {
    await app.close();
  }
});
