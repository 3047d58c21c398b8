import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { newEvent } from "../lib/events/event_types.ts";
import { insertOutboxEvents } from "../lib/events/outbox_repo.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";
import { killVisibleOutboxRows, listVisibleOutboxRows } from "./helpers/outbox_probe_repo.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";

async function invite(app: TestApp, owner: string, email: string): Promise<string> {
  const res = await jsonPost(app, `${DEMO}/api/users`, { email, fullName: "New Person" }, {
    headers: { cookie: owner },
  });
  assert.equal(res.status, 201);
  return (await res.json()).user.id;
}

Deno.test("outbox: a tenant neither sees, changes nor forges another tenant's events", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    await invite(app, owner, "someone@demo.test");
    const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
    const cafe = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "cafe" }))!.id;
    const mine = await withTenant(app.deps.db, demo, listVisibleOutboxRows);
    assert.equal(mine.length, 1, "the demo tenant sees its invitation's event");
    assert.deepEqual(await withTenant(app.deps.db, cafe, listVisibleOutboxRows), []);
    assert.equal(await withTenant(app.deps.db, cafe, killVisibleOutboxRows), 0);
    const forged = newEvent("password.reset_requested", demo, {
      userId: crypto.randomUUID(),
      tenantName: "Demo",
      origin: "http://evil.example",
    });
    await assert.rejects(
      withTenant(
        app.deps.db,
        cafe,
        (trx) => insertOutboxEvents(trx, [{ event: forged, pending: ["mail"] }]),
      ),
      /row-level security/,
    );
    assert.equal((await app.deps.dispatcher.stats()).pending, 1, "still only the real event");
  } finally {
    await app.close();
  }
});

Deno.test("outbox: a person deactivated before their invitation goes out gets no mail", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url }, { startDispatcher: false });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const goneId = await invite(app, owner, "gone@demo.test");
    await invite(app, owner, "stays@demo.test");
    const off = await app.request(`${DEMO}/api/users/${goneId}`, {
      method: "PUT",
      headers: { cookie: owner, "content-type": "application/json" },
      body: JSON.stringify({ isActive: false }),
    });
    assert.equal(off.status, 200);
    // One round delivers both events in turn; it returns once each send has finished.
    assert.equal(await app.deps.dispatcher.runOnce(), 2);
    const stays = await sink.waitForMail("stays@demo.test");
    assert.match(stays.subject, /You're invited/);
    assert.deepEqual(sink.messages.flatMap((m) => m.to), [], "nothing for the deactivated one");
    assert.deepEqual(await app.deps.dispatcher.stats(), {
      pending: 0,
      dead: 0,
      oldestPendingMs: 0,
    });
  } finally {
    await app.close();
    await sink.close();
  }
});
