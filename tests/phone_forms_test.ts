import assert from "node:assert/strict";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { postTwilioSms, twilioParams } from "./helpers/messaging_webhooks.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { startTestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const TOKEN = "phone-forms-token";
const DEMO_SMS = "+15005550006";
const SIGNED_URL = "https://localhost:8443/webhooks/twilio/sms";

Deno.test("a number typed the local way on the web is one number with its international form", async (t) => {
  const twilio = startTwilioStub();
  const app = await startTestApp({
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000009",
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_API_URL: twilio.url,
    PUBLIC_BASE_URL: "https://localhost:8443",
  }, { startDispatcher: false });
  const text = (body: string, extra: { optOutType?: "STOP" } = {}) =>
    postTwilioSms(
      app,
      twilioParams({ from: "+60129990003", to: DEMO_SMS, body, ...extra }),
      TOKEN,
      SIGNED_URL,
    );
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const joined = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Dina Local",
      customerPhone: "012-999 0003",
      partySize: 2,
    });
    assert.equal(joined.status, 201);
    const entry = (await joined.json()).entry;

    await t.step("the 'joined' SMS goes to +60…, which Twilio accepts", async () => {
      await drainOutbox(app);
      const sent = twilio.received.filter((m) => m.to === "+60129990003");
      assert.equal(sent.length, 1, `sent to: ${twilio.received.map((m) => m.to).join(", ")}`);
      assert.match(sent[0]!.body, /you're in the queue/);
    });

    await t.step("the same number written +60… has no second place in the line", async () => {
      const again = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: "Dina Again",
        customerPhone: "+60 12-999 0003",
        partySize: 2,
      });
      assert.equal(again.status, 409);
      assert.equal((await again.json()).code, "phone_already_queued");
    });

    await t.step("STATUS by SMS from +60… finds the place taken on the web", async () => {
      await text("status");
      await drainOutbox(app);
      const reply = twilio.received.filter((m) => m.to === "+60129990003").at(-1)!;
      assert.ok(reply.body.includes(entry.ticketNumber), reply.body);
    });

    await t.step("STOP from +60… silences the staff's call to the web entry", async () => {
      await text("STOP", { optOutType: "STOP" });
      await drainOutbox(app);
      const before = twilio.received.length;
      const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entry.id}`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(called.status, 200);
      await drainOutbox(app);
      assert.equal(twilio.received.length, before, "no 'called' SMS after STOP");
    });

    await t.step("a privacy export by +60… lists the entry typed as 012-…", async () => {
      const res = await app.request(
        `${DEMO}/api/privacy/customer?phone=${encodeURIComponent("+60129990003")}`,
        { headers: { cookie: owner } },
      );
      assert.equal(res.status, 200);
      const data = await res.json();
      assert.deepEqual(
        data.entries.map((e: { customerPhone: string }) => e.customerPhone),
        ["0129990003"],
      );
    });
  } finally {
    await app.close();
    await twilio.close();
  }
});
