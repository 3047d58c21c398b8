import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { recordDueReminders } from "../lib/notify/nudges.ts";
import { backdateJoin } from "./helpers/clock_repo.ts";
import {
  firstQueueId,
  jsonPost,
  openBrowser,
  signInWithForm,
  staffCookie,
} from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { jobScope, startTestApp, type TestApp } from "./helpers/test_app.ts";
import { drainOutbox } from "./helpers/outbox.ts";

const DEMO = "http://demo.localhost";
const EDIT_QUEUE = 'POST /dashboard/queues/:id/settings "Save changes"';

function twilioEnv(url: string) {
  return {
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000004",
    TWILIO_AUTH_TOKEN: "test-token",
    TWILIO_API_URL: url,
  };
}

async function join(app: TestApp, queueId: string, n: number) {
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: `Guest ${n}`,
    customerPhone: `+6015555${String(n).padStart(4, "0")}`,
    partySize: 2,
  });
  assert.equal(res.status, 201);
  return (await res.json()).entry as { id: string; ticketNumber: string };
}

function almostTo(sms: Array<{ to: string; body: string }>) {
  return sms.filter((m) => /almost your turn/.test(m.body)).map((m) => m.to);
}

Deno.test("notify: 'almost your turn' goes once to the party the line brought 2 from the front", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp(twilioEnv(twilio.url), { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const parties = [];
    for (let n = 1; n <= 5; n++) parties.push(await join(app, queueId, n));
    await drainOutbox(app);
    assert.equal(twilio.received.length, 5, "five 'joined' messages");
    assert.deepEqual(almostTo(twilio.received), [], "who joined near the front was told at join");

    const act = (action: string, id: string) =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/${action}/${id}`, {}, {
        headers: { cookie: staff },
      });
    assert.equal((await act("call", parties[0]!.id)).status, 200);
    await drainOutbox(app);
    // Guest 4 now has two parties ahead of it (guests 2 and 3).
    assert.deepEqual(almostTo(twilio.received), ["+60155550004"]);
    assert.match(
      twilio.received.find((m) => /almost/.test(m.body))!.body,
      /almost your turn \(2 ahead\), ticket A004/,
    );

    assert.equal((await act("cancel", parties[1]!.id)).status, 200);
    await drainOutbox(app);
    assert.deepEqual(almostTo(twilio.received), ["+60155550004", "+60155550005"]);
    // More changes tell nobody twice.
    assert.equal((await act("call", parties[2]!.id)).status, 200);
    await drainOutbox(app);
    assert.deepEqual(almostTo(twilio.received), ["+60155550004", "+60155550005"]);
  } finally {
    await app.close();
    await twilio.close();
  }
});

Deno.test("notify: reminders are off by default, then go every interval to parties waiting", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp(twilioEnv(twilio.url), { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
    const waiting = await join(app, queueId, 1);
    await drainOutbox(app);
    await withTenant(app.deps.db, tenant!.id, (trx) => backdateJoin(trx, waiting.id, 30));
    assert.equal(await recordDueReminders(jobScope(app)), 0, "reminders are off out of the box");

    const put = await app.request(`${DEMO}/api/settings/notifications`, {
      method: "PUT",
      headers: { cookie: owner, "content-type": "application/json" },
      body: JSON.stringify({ topics: { reminder: ["phone"] } }),
    });
    assert.equal(put.status, 200, await put.clone().text());
    // Two runners at once (two processes' crons): one reminder.
    const counts = await Promise.all([
      recordDueReminders(jobScope(app)),
      recordDueReminders(jobScope(app)),
    ]);
    assert.equal(counts[0]! + counts[1]!, 1);
    await drainOutbox(app);
    const reminders = twilio.received.filter((m) => /still in the queue/.test(m.body));
    assert.equal(reminders.length, 1);
    assert.equal(reminders[0]!.to, "+60155550001");
    // Not again until the interval (5 minutes) has passed since this reminder.
    assert.equal(await recordDueReminders(jobScope(app)), 0);
  } finally {
    await app.close();
    await twilio.close();
  }
});

Deno.test("notify: the queue form sets how near 'almost your turn' is; with 1, the next in line is told", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp(
    { ...twilioEnv(twilio.url), RATE_LIMIT_LOGIN_PER_15_MIN: "1000" },
    {
      startDispatcher: false,
    },
  );
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", {
      email: "owner@demo.test",
      password: "demo1234",
    });
    const manage = await owner.visit("/dashboard/queues");
    const form = pickForm(manage.forms, EDIT_QUEUE, queueId);
    assert.equal(form.controls.find((c) => c.name === "almostTurnAhead")?.value, "2");
    const refused = await owner.submit(manage, form, { almostTurnAhead: "51" });
    assert.equal(refused.status, 422);
    assert.match(refused.html, /Almost-your-turn count must be at most 50/);
    const saved = await owner.submit(manage, form, { almostTurnAhead: "1" });
    assert.equal(saved.status, 303);

    const parties = [];
    for (let n = 11; n <= 14; n++) parties.push(await join(app, queueId, n));
    await drainOutbox(app);
    assert.deepEqual(almostTo(twilio.received), [], "the first two were told at join");
    const call = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${parties[0]!.id}`, {}, {
      headers: { cookie: staff },
    });
    assert.equal(call.status, 200);
    await drainOutbox(app);
    // Guest 13 now has one party ahead of it (guest 12); guest 14 has two and is not told yet.
    assert.deepEqual(almostTo(twilio.received), ["+60155550013"]);
    assert.match(
      twilio.received.find((m) => /almost/.test(m.body))!.body,
      /almost your turn \(1 ahead\), ticket A003/,
    );
  } finally {
    await app.close();
    await twilio.close();
  }
});
