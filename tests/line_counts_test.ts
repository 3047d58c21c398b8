import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import {
  countedLines,
  deleteEntryDirectly,
  keptLines,
  setCapacity,
  tenantOfQueue,
  visibleLineCounts,
} from "./helpers/line_counts_probe_repo.ts";
import type { Kysely } from "kysely";
import { withTenant } from "../lib/db/transaction_repo.ts";
import * as lineCountsMigration from "../migrations/20261209000000_queue_line_counts.ts";
import type { EntryView } from "../lib/queue/entry_view.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

// The join reads its line's live and waiting counts from `queue_line_counts`, which a trigger
// keeps; a count that drifts from the line would let a full queue take more or refuse a joiner.
Deno.test("each queue's kept line counts stay those of its line, whatever changes it", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "1000" });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    let phone = 100;
    const join = async (base = DEMO, queue = queueId): Promise<EntryView> => {
      const res = await jsonPost(app, `${base}/api/queues/${queue}/join`, {
        customerName: `Guest ${phone}`,
        customerPhone: `0123400${phone++}`,
        partySize: 2,
      });
      assert.equal(res.status, 201, await res.clone().text());
      return (await res.json()).entry;
    };
    const act = async (action: string, entryId: string) => {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/${action}/${entryId}`, {}, {
        headers: { cookie },
      });
      assert.equal(res.status, 200, `${action}: ${await res.clone().text()}`);
    };
    const same = async (what: string) => {
      assert.deepEqual(await keptLines(app.ownerDb), await countedLines(app.ownerDb), what);
    };
    const mine = async () =>
      (await keptLines(app.ownerDb)).find((r) => r.queueId === queueId) ?? null;

    await t.step("joins count as live and waiting", async () => {
      const before = await mine();
      for (let i = 0; i < 6; i++) await join();
      await same("after six joins");
      const after = await mine();
      assert.equal(after!.live, before!.live + 6);
      assert.equal(after!.waiting, before!.waiting + 6);
    });

    await t.step("every staff and customer action moves the counts as the line moves", async () => {
      const [a, b, c, d, e] = [
        await join(),
        await join(),
        await join(),
        await join(),
        await join(),
      ];
      await act("call", a.id);
      await same("called: live, no longer waiting");
      await act("seat", a.id);
      await same("seated: no longer live");
      await act("undo", a.id);
      await same("seat undone: called again");
      await act("complete", a.id);
      await act("call", b.id);
      await act("requeue", b.id);
      await same("requeued: waiting again");
      await act("call", b.id);
      await act("no-show", b.id);
      await same("no-show");
      await act("cancel", c.id);
      const res = await jsonPost(app, `${DEMO}/api/queues/entry/${d.sessionId}/cancel`, {});
      assert.equal(res.status, 200);
      await same("the customer left");
      const bulk = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-bulk`, {
        entryIds: [e.id],
      }, { headers: { cookie } });
      assert.equal(bulk.status, 200, await bulk.clone().text());
      await same("called from the board's selection");
      const next = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie },
      });
      assert.equal(next.status, 200, await next.clone().text());
      await same("call next");
    });

    await t.step("an entry deleted behind the app's back leaves the counts", async () => {
      const gone = await join();
      await deleteEntryDirectly(app.ownerDb, gone.id);
      await same("deleted while waiting");
    });

    await t.step("joins, calls and cancels at once end with the counts of the line", async () => {
      const early = await Promise.all(Array.from({ length: 6 }, () => join()));
      await Promise.all([
        ...Array.from({ length: 10 }, () => join()),
        ...early.slice(0, 3).map((p) => act("call", p.id)),
        ...early.slice(3).map((p) =>
          jsonPost(app, `${DEMO}/api/queues/entry/${p.sessionId}/cancel`, {})
        ),
      ]);
      await same("after the concurrent changes");
    });

    await t.step("a queue as full as its kept count refuses the next joiner", async () => {
      const counts = await mine();
      await setCapacity(app.ownerDb, queueId, counts!.live);
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "One too many",
        customerPhone: "0123999999",
        partySize: 2,
      });
      assert.equal(res.status, 409);
      assert.equal((await res.json()).code, "queue_full");
      await setCapacity(app.ownerDb, queueId, counts!.live + 1);
      await join();
      await same("the last place taken");
    });

    await t.step("the migration counts the lines that stand when it is applied", async () => {
      // Applied to a database with live parties: its backfill, not the trigger, makes the counts.
      const owner = app.ownerDb as unknown as Kysely<unknown>;
      await owner.transaction().execute(async (trx) => {
        await lineCountsMigration.down(trx);
        await lineCountsMigration.up(trx);
      });
      const mineNow = await mine();
      assert.ok(mineNow!.live > 0 && mineNow!.waiting > 0, "there are live parties to count");
      await same("counted by the migration");
      // The last step filled the queue: counted again from its entries, it is still full.
      const full = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "After the migration",
        customerPhone: "0123999998",
        partySize: 2,
      });
      assert.equal(full.status, 409);
      await setCapacity(app.ownerDb, queueId, mineNow!.live + 1);
      await join();
      await same("and kept by the trigger after it");
    });

    await t.step("another tenant sees none of the counts", async () => {
      const cafeQueue = await firstQueueId(app, CAFE);
      await join(CAFE, cafeQueue);
      const demoTenant = await tenantOfQueue(app.ownerDb, queueId);
      const cafeTenant = await tenantOfQueue(app.ownerDb, cafeQueue);
      const seenByCafe = await withTenant(app.deps.db, cafeTenant, visibleLineCounts);
      assert.ok(seenByCafe.length > 0, "the cafe sees its own counts");
      assert.ok(seenByCafe.every((r) => r.tenantId === cafeTenant), "and only its own");
      const seenByDemo = await withTenant(app.deps.db, demoTenant, visibleLineCounts);
      assert.ok(seenByDemo.every((r) => r.tenantId === demoTenant));
      await same("both tenants");
    });
  } finally {
    await app.close();
  }
});
