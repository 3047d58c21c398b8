import assert from "node:assert/strict";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { startTwilioStub, startWhatsAppStub } from "./helpers/provider_stubs.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { drainOutbox } from "./helpers/outbox.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const QUICK_RETRIES = { OUTBOX_RETRY_BASE_MS: "20", OUTBOX_POLL_MS: "20" };

function twilioEnv(url: string) {
  return {
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000001",
    TWILIO_AUTH_TOKEN: "test-token",
    TWILIO_API_URL: url,
  };
}

async function join(app: TestApp, queueId: string, n: number, email?: string) {
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: `Guest ${n}`,
    customerPhone: `+6012345${String(n).padStart(4, "0")}`,
    partySize: 2,
    ...(email ? { customerEmail: email } : {}),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).entry as { id: string; ticketNumber: string; sessionId: string };
}

interface LogRow {
  channel: string;
  topic: string;
  attempt: number;
  status: string;
  message: string;
  errorMessage: string | null;
  delivery: string | null;
}

async function entryLog(app: TestApp, cookie: string, queueId: string, entryId: string) {
  const res = await app.request(`${DEMO}/api/queues/${queueId}/entries/${entryId}/notifications`, {
    headers: { cookie },
  });
  assert.equal(res.status, 200);
  return (await res.json()).notifications as LogRow[];
}

Deno.test("notify: joined and called reach SMS, email and chat once each, on the tenant's host", async () => {
  const twilio = startTwilioStub();
  const sink = await startSmtpSink();
  const app = await startTestApp({ ...twilioEnv(twilio.url), SMTP_URL: sink.url }, {
    startDispatcher: false,
  });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const entry = await join(app, queueId, 1, "guest1@example.test");
    await drainOutbox(app);
    const [sms] = await twilio.waitFor(1);
    assert.equal(sms!.to, "+60123450001");
    assert.equal(sms!.from, "+15005550006", "the demo tenant's own SMS number");
    assert.equal(
      sms!.authorization,
      `Basic ${btoa("AC00000000000000000000000000000001:test-token")}`,
    );
    assert.match(sms!.body, /^Demo Bistro: you're in the queue, ticket A001\./);
    assert.ok(
      sms!.body.includes(`http://demo.localhost:8000/queue/status/${entry.sessionId}`),
      sms!.body,
    );
    assert.ok(sms!.body.length <= 160, `${sms!.body.length} characters`);
    const mail = await sink.waitForMail("guest1@example.test");
    assert.match(mail.subject, /You're in the queue: A001/);

    const call = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entry.id}`, {}, {
      headers: { cookie: staff },
    });
    assert.equal(call.status, 200);
    await drainOutbox(app);
    await twilio.waitFor(2);
    assert.match(twilio.received[1]!.body, /it's your turn! Ticket A001/);
    await sink.waitForMail("guest1@example.test");
    // Another round finds nothing left to send.
    await app.deps.dispatcher.runOnce();
    assert.equal(twilio.received.length, 2);
    assert.equal(twilio.requests(), 2);

    const log = await entryLog(app, staff, queueId, entry.id);
    const summary = log.map((r) => `${r.topic}/${r.channel}/${r.attempt}/${r.status}`).sort();
    assert.deepEqual(summary, [
      "called/EMAIL/1/SENT",
      "called/SMS/1/SENT",
      "called/WEBCHAT/1/DELIVERED",
      "joined/EMAIL/1/SENT",
      "joined/SMS/1/SENT",
      "joined/WEBCHAT/1/DELIVERED",
    ]);
    // Another tenant's staff cannot read this entry's log.
    const cafe = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
    const cafeQueue = await firstQueueId(app, CAFE);
    const foreign = await app.request(
      `${CAFE}/api/queues/${cafeQueue}/entries/${entry.id}/notifications`,
      { headers: { cookie: cafe } },
    );
    assert.equal(foreign.status, 404);
  } finally {
    await app.close();
    await twilio.close();
    await sink.close();
  }
});

Deno.test("notify: with WhatsApp configured the phone channel is WhatsApp, a template message", async () => {
  const whatsapp = startWhatsAppStub();
  const twilio = startTwilioStub();
  const app = await startTestApp({
    ...twilioEnv(twilio.url),
    WHATSAPP_ACCESS_TOKEN: "wa-token",
    WHATSAPP_API_URL: whatsapp.url,
  }, { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    await join(app, queueId, 2);
    await drainOutbox(app);
    const [msg] = await whatsapp.waitFor(1);
    assert.equal(msg!.phoneNumberId, "100000000000001");
    assert.equal(msg!.authorization, "Bearer wa-token");
    assert.equal(msg!.body.to, "60123450002");
    assert.equal(msg!.body.type, "template");
    const template = msg!.body.template as {
      name: string;
      components: Array<{ parameters: Array<{ text: string }> }>;
    };
    assert.equal(template.name, "queue_update");
    assert.match(template.components[0]!.parameters[0]!.text, /you're in the queue, ticket A001/);
    assert.equal(twilio.requests(), 0, "one phone channel: no SMS as well");
  } finally {
    await app.close();
    await whatsapp.close();
    await twilio.close();
  }
});

Deno.test("notify: a failing provider is retried until the SMS goes; each try is in the log", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp({ ...twilioEnv(twilio.url), ...QUICK_RETRIES }, {
    startDispatcher: false,
  });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    twilio.failNext(2);
    const entry = await join(app, queueId, 3);
    const stats = await drainOutbox(app);
    assert.deepEqual(stats, { pending: 0, dead: 0, oldestPendingMs: 0 });
    assert.equal(twilio.received.length, 1);
    assert.equal(twilio.requests(), 3);
    const sms = (await entryLog(app, staff, queueId, entry.id)).filter((r) => r.channel === "SMS")
      .sort((a, b) => a.attempt - b.attempt);
    assert.deepEqual(sms.map((r) => [r.attempt, r.status]), [
      [1, "FAILED"],
      [2, "FAILED"],
      [3, "SENT"],
    ]);
    assert.match(sms[0]!.errorMessage ?? "", /Twilio 500: Internal Server Error/);
    // The chat message went once, at the first try: only SMS was retried.
    const chat = (await entryLog(app, staff, queueId, entry.id)).filter((r) =>
      r.channel === "WEBCHAT"
    );
    assert.equal(chat.length, 1);
  } finally {
    await app.close();
    await twilio.close();
  }
});

Deno.test("notify: a provider that does not answer in NOTIFY_TIMEOUT_MS is a failure to retry", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp({
    ...twilioEnv(twilio.url),
    ...QUICK_RETRIES,
    NOTIFY_TIMEOUT_MS: "300",
  }, { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    twilio.hangNext(1);
    const entry = await join(app, queueId, 5);
    assert.equal((await drainOutbox(app)).pending, 0);
    assert.equal(twilio.received.length, 1);
    const sms = (await entryLog(app, staff, queueId, entry.id)).filter((r) => r.channel === "SMS")
      .sort((a, b) => a.attempt - b.attempt);
    assert.deepEqual(sms.map((r) => [r.attempt, r.status]), [[1, "FAILED"], [2, "SENT"]]);
    assert.equal(sms[0]!.errorMessage, "Twilio: no answer within 300 ms");
  } finally {
    await app.close();
    await twilio.close();
  }
});

Deno.test("notify: after the last try the SMS is dead, and the entry's log says so", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp({
    ...twilioEnv(twilio.url),
    ...QUICK_RETRIES,
    OUTBOX_MAX_ATTEMPTS: "3",
  }, { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    twilio.failNext(1_000);
    const entry = await join(app, queueId, 4);
    const stats = await drainOutbox(app);
    assert.equal(stats.dead, 1);
    assert.equal(twilio.requests(), 3);
    assert.equal(twilio.received.length, 0);
    const sms = (await entryLog(app, staff, queueId, entry.id)).filter((r) => r.channel === "SMS");
    assert.equal(sms.length, 3);
    assert.ok(sms.every((r) => r.status === "FAILED" && r.delivery === "dead"));

    // Staff resend: a new event, and this time the provider answers.
    twilio.failNext(0);
    const resend = await jsonPost(
      app,
      `${DEMO}/api/queues/${queueId}/entries/${entry.id}/notifications/resend`,
      {},
      { headers: { cookie: staff } },
    );
    assert.equal(resend.status, 202);
    assert.deepEqual((await resend.json()).resend, {
      queueId,
      entryId: entry.id,
      topic: "joined",
      channel: "sms",
    });
    await drainOutbox(app);
    await twilio.waitFor(1);
    assert.match(twilio.received[0]!.body, /you're in the queue, ticket A001/);
  } finally {
    await app.close();
    await twilio.close();
  }
});

Deno.test("notify: a staff chat message reaches the customer's phone; their own messages do not", async () => {
  const twilio = startTwilioStub();
  const app = await startTestApp(twilioEnv(twilio.url), { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const entry = await join(app, queueId, 7);
    await drainOutbox(app);
    await twilio.waitFor(1); // the "joined" SMS
    const mine = await jsonPost(app, `${DEMO}/api/queue/webchat/send`, {
      sessionId: entry.sessionId,
      content: "Running 5 minutes late",
    });
    assert.equal(mine.status, 201, await mine.clone().text());
    const theirs = await jsonPost(app, `${DEMO}/api/queue/webchat/send`, {
      entryId: entry.id,
      content: "No problem, your table is held",
    }, { headers: { cookie: staff } });
    assert.equal(theirs.status, 201, await theirs.clone().text());
    await drainOutbox(app);
    const all = await twilio.waitFor(2);
    const chatSms = all.slice(1);
    assert.equal(chatSms.length, 1, "one SMS for the staff message, none for the customer's");
    assert.match(chatSms[0]!.body, /^Demo Bistro: No problem, your table is held http:\/\//);
    const log = await entryLog(app, staff, queueId, entry.id);
    assert.ok(log.some((r) => r.channel === "SMS" && r.topic === "chat"), JSON.stringify(log));
    assert.ok(!log.some((r) => r.channel === "WEBCHAT" && r.topic === "chat"));
  } finally {
    await app.close();
    await twilio.close();
  }
});
