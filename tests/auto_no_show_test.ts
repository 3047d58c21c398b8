import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { expireTimedOutCalls } from "../lib/queue/auto_no_show.ts";
import { jobScope } from "./helpers/test_app.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { backdateCall } from "./helpers/clock_repo.ts";
import { auditFor } from "./helpers/audit_probe.ts";

const DEMO = "http://demo.localhost";

Deno.test("a called party not seated within the call timeout becomes a no-show", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const join = async (n: number) =>
      (await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `012345678${n}`,
        partySize: 2,
      })).json()).entry;
    const late = await join(1);
    const onTime = await join(2);
    for (let i = 0; i < 2; i++) {
      await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie: staff },
      });
    }
    const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
    await withTenant(app.deps.db, tenant!.id, (trx) => backdateCall(trx, late.id, 11));
    await withTenant(app.deps.db, tenant!.id, (trx) => backdateCall(trx, onTime.id, 9));

    const [first, second] = await Promise.all([
      expireTimedOutCalls(jobScope(app)),
      expireTimedOutCalls(jobScope(app)),
    ]);
    assert.equal(first + second, 1, "two runners at once expire the entry once");

    const status = async (sessionId: string) =>
      (await (await app.request(`${DEMO}/api/queues/entry/${sessionId}`)).json()).entry.status;
    assert.equal(await status(late.sessionId), "no_show");
    assert.equal(await status(onTime.sessionId), "called");
    const page = await app.request(`${DEMO}/queue/status/${late.sessionId}`);
    assert.match(await page.text(), /We called you but missed you/);
    const logs = await auditFor(app, "demo", late.id);
    assert.equal(logs[0]!.action, "entry.auto-no-show");
    assert.equal(logs[0]!.userType, "SYSTEM");
  } finally {
    await app.close();
  }
});
