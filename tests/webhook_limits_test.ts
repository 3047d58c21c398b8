import assert from "node:assert/strict";
import { twilioSignature } from "../lib/notify/twilio_signature.ts";
import { startTestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const TOKEN = "limits-token";
const CALLBACK = "https://demo.localhost:8443/webhooks/twilio/status";

Deno.test("provider callbacks have their own limit: a busy night's statuses are not refused as one client's", async () => {
  const app = await startTestApp({
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000007",
    TWILIO_AUTH_TOKEN: TOKEN,
    PUBLIC_BASE_URL: "https://localhost:8443",
    RATE_LIMIT_MAX_FREE: "5",
    RATE_LIMIT_MAX_BASIC: "5",
    RATE_LIMIT_MAX_PREMIUM: "5",
    RATE_LIMIT_MAX_ENTERPRISE: "5",
    RATE_LIMIT_WEBHOOK_PER_MINUTE: "12",
  }, { startDispatcher: false });
  try {
    const status = async (n: number) => {
      const params = { MessageSid: `SM${String(n).padStart(32, "0")}`, MessageStatus: "delivered" };
      return await app.request(`${DEMO}/webhooks/twilio/status`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": await twilioSignature(TOKEN, CALLBACK, params),
        },
        body: new URLSearchParams(params),
      });
    };
    // Twelve callbacks from Twilio's one address: past the plan's five, all taken.
    for (let n = 0; n < 12; n++) {
      const res = await status(n);
      assert.equal(res.status, 204, `callback ${n + 1}`);
    }
    // The thirteenth meets the webhooks' own limit, with a time to come back.
    const over = await status(12);
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get("retry-after")) > 0);
    // The same address on the customer pages still has the plan's five writes.
    const writes = [];
    for (let n = 0; n < 6; n++) {
      const res = await app.request(`${DEMO}/language`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: DEMO },
        body: new URLSearchParams({ locale: "en", back: "/" }),
      });
      await res.body?.cancel();
      writes.push(res.status);
    }
    assert.equal(writes.filter((s) => s === 429).length, 1, `statuses: ${writes.join(",")}`);
  } finally {
    await app.close();
  }
});
