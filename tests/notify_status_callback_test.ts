import assert from "node:assert/strict";
import { twilioSignature } from "../lib/notify/twilio_signature.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const TOKEN = "callback-token";

async function smsLog(app: TestApp, cookie: string, queueId: string, entryId: string) {
  const res = await app.request(`${DEMO}/api/queues/${queueId}/entries/${entryId}/notifications`, {
    headers: { cookie },
  });
  assert.equal(res.status, 200);
  return (await res.json()).notifications.filter((r: { channel: string }) => r.channel === "SMS");
}

Deno.test("notify: Twilio's signed status callback marks the SMS delivered or bounced; a forged one is refused", async () => {
  // The published example vector of Twilio's scheme (its docs' URL and parameters, token 12345).
  assert.equal(
    await twilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", {
      CallSid: "CA1234567890ABCDE",
      Caller: "+12349013030",
      Digits: "1234",
      From: "+12349013030",
      To: "+18005551212",
    }),
    "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
  );
  const twilio = startTwilioStub();
  const app = await startTestApp({
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000005",
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_API_URL: twilio.url,
    PUBLIC_BASE_URL: "https://localhost:8443",
  }, { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const joined = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Del Ivered",
      customerPhone: "+60122223333",
      partySize: 1,
    });
    const entry = (await joined.json()).entry;
    await app.deps.dispatcher.runOnce();
    const [sms] = await twilio.waitFor(1);
    assert.equal(sms!.statusCallback, "https://demo.localhost:8443/webhooks/twilio/status");
    assert.ok(sms!.body.includes("https://demo.localhost:8443/queue/status/"));

    const params = { MessageSid: sms!.sid, MessageStatus: "delivered", AccountSid: "AC…" };
    const post = (signature: string, host = DEMO) =>
      app.request(`${host}/webhooks/twilio/status`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signature,
        },
        body: new URLSearchParams(params),
      });
    const forged = await post(await twilioSignature("wrong-token", sms!.statusCallback!, params));
    assert.equal(forged.status, 403);
    assert.equal((await smsLog(app, staff, queueId, entry.id))[0].status, "SENT");

    const signed = await post(await twilioSignature(TOKEN, sms!.statusCallback!, params));
    assert.equal(signed.status, 204);
    const [row] = await smsLog(app, staff, queueId, entry.id);
    assert.equal(row.status, "DELIVERED");

    // Signed for the cafe's host, the demo's message id matches nothing there.
    const cafeUrl = "https://cafe.localhost:8443/webhooks/twilio/status";
    const undelivered = { ...params, MessageStatus: "undelivered", ErrorCode: "30003" };
    const cafe = await app.request("http://cafe.localhost/webhooks/twilio/status", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature(TOKEN, cafeUrl, undelivered),
      },
      body: new URLSearchParams(undelivered),
    });
    assert.equal(cafe.status, 204);
    assert.equal((await smsLog(app, staff, queueId, entry.id))[0].status, "DELIVERED");

    // On its own host, Twilio's word that the message did not arrive after all: BOUNCED, with
    // the carrier's error code for staff to read.
    const bounced = await app.request(`${DEMO}/webhooks/twilio/status`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": await twilioSignature(TOKEN, sms!.statusCallback!, undelivered),
      },
      body: new URLSearchParams(undelivered),
    });
    assert.equal(bounced.status, 204);
    const [after] = await smsLog(app, staff, queueId, entry.id);
    assert.equal(after.status, "BOUNCED");
    assert.equal(after.errorMessage, "Twilio error 30003");
  } finally {
    await app.close();
    await twilio.close();
  }
});
