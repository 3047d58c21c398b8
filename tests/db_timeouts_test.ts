import assert from "node:assert/strict";
import { DB_KIND, startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { sleepInDatabase, whileQueueLocked } from "./helpers/test_db_repo.ts";
import { showSessionTimeouts } from "../lib/db/session_repo.ts";
import { isDatabaseUnavailable } from "../lib/db/db_errors.ts";

const DEMO = "http://demo.localhost";
const guest = { customerName: "Locked Out", customerPhone: "+60123456789", partySize: 2 };

Deno.test("every app session has the configured statement_timeout and lock_timeout", async () => {
  const app = await startTestApp({
    DATABASE_STATEMENT_TIMEOUT_MS: "12345",
    DATABASE_LOCK_TIMEOUT_MS: "2345",
  });
  try {
    assert.deepEqual(await showSessionTimeouts(app.deps.db), {
      statement: "12345ms",
      lock: "2345ms",
    });
  } finally {
    await app.close();
  }
});

Deno.test({
  name: "a join that waits on a locked queue past lock_timeout answers 503 with Retry-After",
  ignore: DB_KIND !== "postgres",
  async fn() {
    const app = await startTestApp({ DATABASE_LOCK_TIMEOUT_MS: "300" });
    try {
      const queueId = await firstQueueId(app, DEMO);
      const url = `${DEMO}/api/queues/${queueId}/join`;
      const blocked = await whileQueueLocked(app.ownerDb, queueId, async () => {
        const res = await jsonPost(app, url, guest);
        return {
          status: res.status,
          retryAfter: res.headers.get("retry-after"),
          body: await res.json(),
        };
      });
      assert.equal(blocked.status, 503);
      assert.equal(blocked.retryAfter, "2");
      assert.equal(blocked.body.code, "unavailable");
      assert.match(blocked.body.error, /try again in a moment/);

      const after = await jsonPost(app, url, guest);
      assert.equal(after.status, 201, "the join succeeds once the lock is gone");
    } finally {
      await app.close();
    }
  },
});

Deno.test({
  name: "a statement past statement_timeout fails as a database-unavailable error",
  ignore: DB_KIND !== "postgres",
  async fn() {
    const app = await startTestApp({ DATABASE_STATEMENT_TIMEOUT_MS: "100" });
    try {
      const err = await sleepInDatabase(app.deps.db, 2).then(() => null, (e) => e);
      assert.ok(err, "the statement was cancelled");
      assert.equal(err.code, "57014");
      assert.equal(isDatabaseUnavailable(err), true);
    } finally {
      await app.close();
    }
  },
});
