import assert from "node:assert/strict";
import { createDispatcher } from "../lib/events/dispatcher.ts";
import { createNotifyChannels } from "../lib/notify/channels.ts";
import { createNotifyHandlers } from "../lib/notify/service.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";

function twilioEnv(url: string) {
  return {
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000002",
    TWILIO_AUTH_TOKEN: "test-token",
    TWILIO_API_URL: url,
  };
}

/** A second process's dispatcher: its own loop over the same database and outbox. */
function secondDispatcher(app: TestApp, leaseMs: number) {
  const { db, kv, config, log, mailer } = app.deps;
  return createDispatcher({
    db,
    log,
    handlers: createNotifyHandlers(
      { db, config, log },
      createNotifyChannels({ db, kv, config, mailer }),
    ),
    realtime: () => Promise.resolve(),
    leaseMs,
    retryBaseMs: 20,
  });
}

async function join(app: TestApp, queueId: string, n: number) {
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: `Guest ${n}`,
    customerPhone: `+6019876${String(n).padStart(4, "0")}`,
    partySize: 1,
  });
  assert.equal(res.status, 201);
  return (await res.json()).entry as { id: string };
}

Deno.test("notify: two dispatchers at once send each party's message once", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp(twilioEnv(twilio.url), { startDispatcher: false });
  const other = secondDispatcher(app, 60_000);
  try {
    const queueId = await firstQueueId(app, DEMO);
    for (let n = 1; n <= 8; n++) await join(app, queueId, n);
    await Promise.all([
      app.deps.dispatcher.runOnce(),
      other.runOnce(),
      app.deps.dispatcher.runOnce(),
      other.runOnce(),
    ]);
    await twilio.waitFor(8);
    await Promise.all([app.deps.dispatcher.runOnce(), other.runOnce()]);
    assert.equal(twilio.requests(), 8);
    const to = twilio.received.map((m) => m.to).sort();
    assert.deepEqual(
      to,
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `+6019876${String(n).padStart(4, "0")}`),
    );
  } finally {
    await other.stop();
    await app.close();
    await twilio.close();
  }
});

Deno.test("notify: a send whose outcome is unknown is not repeated; it is marked interrupted", async () => {
  const twilio = startTwilioStub();
  // A short lease: the second dispatcher takes the event over while the first one still waits.
  const app = await startTestApp({
    ...twilioEnv(twilio.url),
    NOTIFY_TIMEOUT_MS: "60000",
    OUTBOX_LEASE_MS: "100",
  }, {
    startDispatcher: false,
  });
  const other = secondDispatcher(app, 100);
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    twilio.hangNext(1);
    const entry = await join(app, queueId, 20);
    const first = app.deps.dispatcher.runOnce();
    const deadline = Date.now() + 10_000;
    while (twilio.requests() < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(twilio.requests(), 1, "the first send reached the provider and hangs there");
    // As a restarted process would: the lease ran out and another dispatcher has the event.
    await new Promise((r) => setTimeout(r, 150));
    await other.runOnce();
    assert.equal(twilio.requests(), 1, "not sent a second time");
    const res = await app.request(
      `${DEMO}/api/queues/${queueId}/entries/${entry.id}/notifications`,
      { headers: { cookie: staff } },
    );
    const sms = (await res.json()).notifications.filter((r: { channel: string }) =>
      r.channel === "SMS"
    );
    assert.equal(sms.length, 1);
    assert.equal(sms[0].status, "FAILED");
    assert.match(sms[0].errorMessage, /^interrupted/);
    // The hung request finally fails; the interrupted attempt stays final, nothing is retried.
    twilio.releaseHeld();
    await first;
    for (let i = 0; i < 5; i++) {
      await app.deps.dispatcher.runOnce();
      await other.runOnce();
    }
    assert.equal(twilio.requests(), 1);
    assert.equal(twilio.received.length, 0);
  } finally {
    await other.stop();
    await app.close();
    await twilio.close();
  }
});
