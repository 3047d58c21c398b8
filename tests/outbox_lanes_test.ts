import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { createDispatcher, type EventHandler } from "../lib/events/dispatcher.ts";
import { newEvent } from "../lib/events/event_types.ts";
import { insertOutboxEvents } from "../lib/events/outbox_repo.ts";
import { startTestApp } from "./helpers/test_app.ts";

Deno.test("outbox: one queue's events go in the order written while another queue's go beside them", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const queueA = crypto.randomUUID();
    const queueB = crypto.randomUUID();
    const names = new Map<string, string>();
    // Written one by one, as commands write them: A1, B1, A2, B2, A3, B3.
    for (let i = 1; i <= 3; i++) {
      for (const [label, queueId] of [["A", queueA], ["B", queueB]] as const) {
        const event = newEvent("entry.seated", demo, { queueId, entryId: crypto.randomUUID() });
        names.set(event.id, `${label}${i}`);
        await withTenant(
          app.deps.db,
          demo,
          (trx) => insertOutboxEvents(trx, [{ event, pending: ["lane-probe"] }]),
        );
      }
    }
    const order: string[] = [];
    const b1Started = Promise.withResolvers<void>();
    let overlapped = false;
    const probe: EventHandler = {
      name: "lane-probe",
      async handle(event) {
        const name = names.get(event.id)!;
        order.push(name);
        if (name === "B1") b1Started.resolve();
        if (name === "A1") {
          // A1 is still being delivered when B1 starts only if the lanes run side by side.
          overlapped = await Promise.race([
            b1Started.promise.then(() => true),
            new Promise<boolean>((r) => setTimeout(() => r(false), 3_000)),
          ]);
        }
      },
    };
    const dispatcher = createDispatcher({
      db: app.deps.db,
      log: () => {},
      handlers: [probe],
      realtime: () => Promise.resolve(),
    });
    assert.equal(await dispatcher.runOnce(), 6, "every event settled");
    assert.ok(overlapped, "queue B's first event did not wait for queue A's");
    assert.deepEqual(order.filter((n) => n.startsWith("A")), ["A1", "A2", "A3"]);
    assert.deepEqual(order.filter((n) => n.startsWith("B")), ["B1", "B2", "B3"]);
    assert.equal((await app.deps.dispatcher.stats()).pending, 0);
  } finally {
    await app.close();
  }
});
