import assert from "node:assert/strict";
import { DB_KIND, startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { changeQueueUnderWaiter } from "./helpers/test_db_repo.ts";

const DEMO = "http://demo.localhost";

Deno.test({
  name: "a queue closed while a join waited for its lock refuses that join, and takes none",
  ignore: DB_KIND !== "postgres",
  async fn() {
    const app = await startTestApp();
    try {
      const queueId = await firstQueueId(app, DEMO);
      const url = `${DEMO}/api/queues/${queueId}/join`;
      // The join reads the queue open, then waits for the lock a staff change holds; the change
      // closes the queue and commits. Under the lock the join sees the terms moved and reads
      // them again.
      const res = await changeQueueUnderWaiter(
        app.ownerDb,
        queueId,
        "join_queue_entry_as",
        { acceptingCustomers: false },
        () =>
          jsonPost(app, url, { customerName: "Late", customerPhone: "0123000001", partySize: 2 }),
      );
      assert.equal(res.status, 409);
      assert.match((await res.json()).error, /is not taking new customers right now/);
      const board = await app.ownerDb.selectFrom("queueEntries").select("id")
        .where("queueId", "=", queueId).where("customerName", "=", "Late").execute();
      assert.equal(board.length, 0, "nobody joined the closed queue");
    } finally {
      await app.close();
    }
  },
});
