import assert from "node:assert/strict";
import { createAccountMailHandler } from "../lib/auth/account_mail.ts";
import { withPlatform } from "../lib/db/transaction_repo.ts";
import { createDispatcher } from "../lib/events/dispatcher.ts";
import { listDeadEvents } from "../lib/events/outbox_repo.ts";
import { createSmtpMailer } from "../lib/mail/mailer.ts";
import { pruneDeliveredEvents } from "../lib/events/prune.ts";
import { ageDeliveredEvents } from "./helpers/clock_repo.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { drainOutbox } from "./helpers/outbox.ts";

const DEMO = "http://demo.localhost";
const LINK =
  /^http:\/\/demo\.localhost\/dashboard\/password\/reset\?token=([A-Za-z0-9_-]{43})(?:&welcome=1)?$/m;
const QUICK_RETRIES = { OUTBOX_RETRY_BASE_MS: "20", OUTBOX_POLL_MS: "20" };

async function invite(app: TestApp, owner: string, email: string): Promise<string> {
  const res = await jsonPost(app, `${DEMO}/api/users`, { email, fullName: "New Person" }, {
    headers: { cookie: owner },
  });
  assert.equal(res.status, 201);
  return (await res.json()).user.id;
}

async function listedEmails(app: TestApp, owner: string): Promise<string[]> {
  const res = await app.request(`${DEMO}/api/users`, { headers: { cookie: owner } });
  assert.equal(res.status, 200);
  return (await res.json()).users.map((u: { email: string }) => u.email).sort();
}

Deno.test("outbox: an invitation commits with its mail; a refused send is retried until it goes", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url, ...QUICK_RETRIES });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    sink.failNext(2);
    await invite(app, owner, "retry@demo.test");
    // The account is there at once, before any mail could be delivered.
    assert.ok((await listedEmails(app, owner)).includes("retry@demo.test"));
    const mail = await sink.waitForMail("retry@demo.test");
    assert.equal(sink.refused(), 2, "two refused sends before the one that went");
    assert.match(mail.subject, /You're invited to Demo/);
    assert.match(mail.text, LINK);
    const stats = await drainOutbox(app);
    assert.deepEqual(stats, { pending: 0, dead: 0, oldestPendingMs: 0 });
    // Exactly one mail for the one invitation.
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sink.messages.filter((m) => m.to.includes("retry@demo.test")).length, 0);
  } finally {
    await app.close();
    await sink.close();
  }
});

Deno.test("outbox: after the last try the event is dead, with the error, and counted", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({
    SMTP_URL: sink.url,
    OUTBOX_MAX_ATTEMPTS: "3",
    ...QUICK_RETRIES,
  });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    sink.failNext(1_000);
    const userId = await invite(app, owner, "never@demo.test");
    const stats = await drainOutbox(app);
    assert.equal(stats.pending, 0);
    assert.equal(stats.dead, 1);
    assert.equal(sink.refused(), 3, "three tries, then no more");
    const dead = await withPlatform(app.deps.db, (trx) => listDeadEvents(trx));
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.type, "user.invited");
    assert.deepEqual(dead[0]!.pending, ["mail"]);
    assert.equal(dead[0]!.attempts, 3);
    assert.match(dead[0]!.lastError ?? "", /^mail: .*Try again later/);
    // The staff page says the invitation did not go out.
    const page = await app.request(`${DEMO}/dashboard/users`, { headers: { cookie: owner } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Invitation not delivered/);

    // Inviting the same address again sends it again, and the warning goes once it is out.
    sink.failNext(0);
    assert.equal(await invite(app, owner, "never@demo.test"), userId);
    const mail = await sink.waitForMail("never@demo.test");
    assert.match(mail.text, LINK);
    assert.equal((await drainOutbox(app)).pending, 0);
    const after = await app.request(`${DEMO}/dashboard/users`, { headers: { cookie: owner } });
    assert.equal(after.status, 200);
    const html = await after.text();
    assert.match(html, /never@demo\.test/);
    assert.doesNotMatch(html, /Invitation not delivered/);
  } finally {
    await app.close();
    await sink.close();
  }
});

Deno.test("outbox: two dispatchers on one database deliver each event once", async () => {
  const sink = await startSmtpSink();
  // The app's own dispatcher does not poll: two independent ones race for the rows instead.
  const app = await startTestApp({ SMTP_URL: sink.url }, { startDispatcher: false });
  const mailers = [createSmtpMailer(sink.url, "a@test"), createSmtpMailer(sink.url, "b@test")];
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const emails = Array.from({ length: 12 }, (_, i) => `twice${i}@demo.test`);
    for (const email of emails) await invite(app, owner, email);
    assert.equal((await app.deps.dispatcher.stats()).pending, 12);
    assert.equal(sink.messages.length, 0, "nothing is sent inside the request");
    const dispatchers = mailers.map((mailer) =>
      createDispatcher({
        db: app.deps.db,
        log: () => {},
        handlers: [createAccountMailHandler({ db: app.deps.db, mailer })],
        realtime: () => Promise.resolve(),
        batchSize: 2,
      })
    );
    const settled = await Promise.all(dispatchers.map((d) => d.runOnce()));
    assert.equal(settled.length, 2);
    assert.equal(settled[0]! + settled[1]!, 12, `each event settled by one of them: ${settled}`);
    const to = sink.messages.flatMap((m) => m.to).sort();
    assert.deepEqual(to, [...emails].sort(), "each address got exactly one mail");
    assert.equal((await app.deps.dispatcher.stats()).pending, 0);
  } finally {
    for (const m of mailers) await m.close();
    await app.close();
    await sink.close();
  }
});

Deno.test("outbox: a reset request sends nothing in the request and one mail after it", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url }, { startDispatcher: false });
  try {
    const res = await jsonPost(app, `${DEMO}/api/auth/forgot-password`, {
      email: "staff@demo.test",
    });
    assert.equal(res.status, 200);
    assert.equal(sink.messages.length, 0);
    assert.equal(await app.deps.dispatcher.runOnce(), 1);
    const mail = await sink.waitForMail("staff@demo.test");
    assert.match(mail.text, LINK);
    assert.equal(await app.deps.dispatcher.runOnce(), 0, "nothing left to deliver");
  } finally {
    await app.close();
    await sink.close();
  }
});

Deno.test("outbox: pruning drops week-old delivered events and keeps the rest", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    await invite(app, owner, "prune@demo.test");
    assert.equal(await app.deps.dispatcher.runOnce(), 1);
    assert.equal(await pruneDeliveredEvents(app.deps.db), 0, "a fresh delivery is kept");
    await withPlatform(app.deps.db, (trx) => ageDeliveredEvents(trx, 8));
    assert.equal(await pruneDeliveredEvents(app.deps.db), 1);
  } finally {
    await app.close();
  }
});
