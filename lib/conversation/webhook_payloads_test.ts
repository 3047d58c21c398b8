import assert from "node:assert/strict";
import {
  isMetaSigned,
  TwilioInboundSchema,
  whatsAppMessagesByNumber,
  whatsAppStatusesByNumber,
  WhatsAppWebhookSchema,
} from "./webhook_payloads.ts";

async function sign(secret: string, raw: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(raw)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

Deno.test("Meta's signature: only the app secret's HMAC of these exact bytes passes", async () => {
  const raw = '{"object":"whatsapp_business_account","entry":[]}';
  const bytes = new TextEncoder().encode(raw);
  const good = await sign("s3cret", raw);
  assert.equal(await isMetaSigned("s3cret", bytes, good), true);
  assert.equal(
    await isMetaSigned("s3cret", bytes, good.toUpperCase().replace("SHA256", "sha256")),
    true,
  );
  assert.equal(await isMetaSigned("other", bytes, good), false);
  assert.equal(await isMetaSigned("s3cret", new TextEncoder().encode(raw + " "), good), false);
  assert.equal(await isMetaSigned("s3cret", bytes, good.slice(7)), false, "no sha256= prefix");
  assert.equal(await isMetaSigned("s3cret", bytes, undefined), false);
});

Deno.test("WhatsApp bodies: text, button and list replies, contacts, statuses, other fields", () => {
  const body = WhatsAppWebhookSchema.parse({
    object: "whatsapp_business_account",
    entry: [{
      id: "WABA",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550001111", phone_number_id: "111" },
            contacts: [{ profile: { name: " Siti " }, wa_id: "60111111111" }],
            messages: [
              {
                from: "60111111111",
                id: "wamid.A",
                timestamp: "1",
                type: "text",
                text: { body: "JOIN" },
              },
              {
                from: "60111111111",
                id: "wamid.B",
                type: "interactive",
                interactive: { type: "button_reply", button_reply: { id: "x", title: "STATUS" } },
              },
              { from: "60111111111", id: "wamid.C", type: "image", image: { id: "media" } },
            ],
          },
        },
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { phone_number_id: "111" },
            statuses: [{
              id: "wamid.OUT",
              status: "failed",
              errors: [{ code: 131047, title: "Re-engagement message" }],
            }],
          },
        },
        { field: "account_update", value: { anything: true } },
      ],
    }],
  });
  const messages = whatsAppMessagesByNumber(body).get("111")!;
  assert.deepEqual(messages.map((m) => [m.providerMessageId, m.from, m.body, m.profileName]), [
    ["wamid.A", "+60111111111", "JOIN", "Siti"],
    ["wamid.B", "+60111111111", "STATUS", "Siti"],
    ["wamid.C", "+60111111111", "", "Siti"],
  ]);
  assert.deepEqual(whatsAppStatusesByNumber(body).get("111"), [{
    providerMessageId: "wamid.OUT",
    status: "failed",
    error: "WhatsApp error 131047 Re-engagement message",
  }]);
});

Deno.test("Twilio's parameters: E.164 numbers and a Twilio MessageSid, or a clear refusal", () => {
  const ok = TwilioInboundSchema.safeParse({
    MessageSid: `SM${"a".repeat(32)}`,
    From: "+60123456789",
    To: "+15005550006",
    Body: "join 2",
    SmsStatus: "received",
  });
  assert.equal(ok.success, true);
  const bad = TwilioInboundSchema.safeParse({ MessageSid: "x", From: "601", To: "+1" });
  assert.equal(bad.success, false);
  assert.match(JSON.stringify(bad.error!.issues), /MessageSid is not Twilio's/);
});
