/**
 * Inbound messages as Meta and Twilio send them: the WhatsApp Cloud API webhook body
 * (`whatsapp_business_account`, entry → changes → value with metadata, contacts, messages)
 * signed with the app secret (`X-Hub-Signature-256: sha256=<hex HMAC of the raw body>`), and
 * Twilio's incoming-message parameters (form-encoded) signed over the URL and sorted params.
 */
import { twilioSignature } from "../../lib/notify/twilio_signature.ts";
import type { TestApp } from "./test_app.ts";

let serial = 0;

/** A fresh id in each provider's format. */
export function wamid(): string {
  return `wamid.HBgMNjAxMjM0NTY3ODkwFQIAEhgg${(++serial).toString(16).padStart(16, "0")}`;
}
export function messageSid(): string {
  return `SM${crypto.randomUUID().replaceAll("-", "")}`;
}

/** One text message as Meta's webhook carries it. */
export function whatsAppBody(m: {
  phoneNumberId: string;
  from: string;
  text: string;
  id?: string;
  name?: string | null;
}): string {
  const waId = m.from.replace(/^\+/, "");
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{
      id: "102290129340398",
      changes: [{
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "15550783881", phone_number_id: m.phoneNumberId },
          ...(m.name === null ? {} : {
            contacts: [{ profile: { name: m.name ?? "Aisha Rahman" }, wa_id: waId }],
          }),
          messages: [{
            from: waId,
            id: m.id ?? wamid(),
            timestamp: String(Math.floor(Date.now() / 1000)),
            text: { body: m.text },
            type: "text",
          }],
        },
        field: "messages",
      }],
    }],
  });
}

export async function metaSignature(secret: string, raw: string): Promise<string> {
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

/** POSTs a raw body to the platform's WhatsApp webhook, signed with `secret`. */
export async function postWhatsApp(app: TestApp, raw: string, secret: string) {
  return await app.request("http://localhost/webhooks/whatsapp", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": await metaSignature(secret, raw),
    },
    body: raw,
    ip: "173.252.88.1",
  });
}

/** Every parameter Twilio posts for an inbound SMS (its documented set for a plain SMS). */
export function twilioParams(m: {
  from: string;
  to: string;
  body: string;
  sid?: string;
  accountSid?: string;
  optOutType?: "STOP" | "START" | "HELP";
}): Record<string, string> {
  const sid = m.sid ?? messageSid();
  return {
    ToCountry: "US",
    ToState: "CA",
    SmsMessageSid: sid,
    NumMedia: "0",
    ToCity: "",
    FromZip: "",
    SmsSid: sid,
    FromState: "",
    SmsStatus: "received",
    FromCity: "",
    Body: m.body,
    FromCountry: "MY",
    To: m.to,
    ToZip: "",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: m.accountSid ?? "AC00000000000000000000000000000009",
    From: m.from,
    ApiVersion: "2010-04-01",
    ...(m.optOutType ? { OptOutType: m.optOutType } : {}),
  };
}

/** POSTs Twilio's form to the platform's SMS webhook, signed for `signedUrl` with `token`. */
export async function postTwilioSms(
  app: TestApp,
  params: Record<string, string>,
  token: string,
  signedUrl: string,
) {
  return await app.request("http://localhost/webhooks/twilio/sms", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": await twilioSignature(token, signedUrl, params),
    },
    body: new URLSearchParams(params).toString(),
    ip: "54.172.60.1",
  });
}
