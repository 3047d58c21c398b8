import { z } from "zod";
import type { InboundMessage } from "./inbound.ts";

/**
 * Meta's WhatsApp Cloud API webhook body (`object: whatsapp_business_account`): entries of
 * changes whose `value` carries `metadata.phone_number_id`, the senders' `contacts` (profile
 * name, `wa_id`) and their `messages` (text, button and interactive replies carry words;
 * `statuses` report our own messages and are not customer messages). Unknown fields pass.
 */
const WhatsAppMessage = z.object({
  from: z.string().regex(/^[0-9]{7,15}$/),
  id: z.string().min(1).max(200),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string() }).optional(),
  interactive: z.object({
    button_reply: z.object({ title: z.string() }).optional(),
    list_reply: z.object({ title: z.string() }).optional(),
  }).optional(),
});

const WhatsAppValue = z.object({
  messaging_product: z.literal("whatsapp"),
  metadata: z.object({ phone_number_id: z.string().min(1).max(64) }),
  contacts: z.array(z.object({
    wa_id: z.string().optional(),
    profile: z.object({ name: z.string() }).optional(),
  })).optional(),
  messages: z.array(WhatsAppMessage).optional(),
  statuses: z.array(z.object({
    id: z.string().min(1).max(200),
    status: z.string(),
    errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() }))
      .optional(),
  })).optional(),
});

export const WhatsAppWebhookSchema = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.object({
    id: z.string().optional(),
    changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
  })),
});

/** The customer messages of one body, grouped by the number id they were sent to. */
export function whatsAppMessagesByNumber(
  body: z.infer<typeof WhatsAppWebhookSchema>,
): Map<string, InboundMessage[]> {
  const out = new Map<string, InboundMessage[]>();
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      const parsed = WhatsAppValue.safeParse(change.value);
      if (!parsed.success || !parsed.data.messages) continue;
      const value = parsed.data;
      const list = out.get(value.metadata.phone_number_id) ?? [];
      for (const m of value.messages ?? []) {
        const contact = value.contacts?.find((c) => c.wa_id === m.from) ?? value.contacts?.[0];
        list.push({
          channel: "whatsapp",
          providerMessageId: m.id,
          from: `+${m.from}`,
          body: m.text?.body ?? m.button?.text ?? m.interactive?.button_reply?.title ??
            m.interactive?.list_reply?.title ?? "",
          profileName: contact?.profile?.name?.trim() || null,
          optOutType: null,
        });
      }
      out.set(value.metadata.phone_number_id, list);
    }
  }
  return out;
}

/** Meta's word on a message we sent (sent, delivered, read, failed), by number id. */
export interface WhatsAppStatus {
  providerMessageId: string;
  status: string;
  error?: string;
}

export function whatsAppStatusesByNumber(
  body: z.infer<typeof WhatsAppWebhookSchema>,
): Map<string, WhatsAppStatus[]> {
  const out = new Map<string, WhatsAppStatus[]>();
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      const parsed = WhatsAppValue.safeParse(change.value);
      if (!parsed.success || !parsed.data.statuses) continue;
      const list = out.get(parsed.data.metadata.phone_number_id) ?? [];
      for (const s of parsed.data.statuses) {
        const e = s.errors?.[0];
        list.push({
          providerMessageId: s.id,
          status: s.status,
          error: e ? `WhatsApp error ${e.code ?? ""} ${e.title ?? ""}`.trim() : undefined,
        });
      }
      out.set(parsed.data.metadata.phone_number_id, list);
    }
  }
  return out;
}

/** Twilio's incoming-message webhook parameters (form-encoded); others are ignored. */
export const TwilioInboundSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid is not Twilio's"),
  From: z.string().regex(/^\+[0-9]{7,15}$/, "From must be an E.164 number"),
  To: z.string().regex(/^\+[0-9]{7,15}$/, "To must be an E.164 number"),
  Body: z.string().max(4096).default(""),
  OptOutType: z.enum(["STOP", "START", "HELP"]).optional(),
});

export function twilioMessage(params: z.infer<typeof TwilioInboundSchema>): InboundMessage {
  return {
    channel: "sms",
    providerMessageId: params.MessageSid,
    from: params.From,
    body: params.Body,
    profileName: null,
    optOutType: params.OptOutType ?? null,
  };
}

/** `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body with the app secret. */
export async function isMetaSigned(
  appSecret: string,
  rawBody: Uint8Array<ArrayBuffer>,
  header: string | undefined,
): Promise<boolean> {
  const match = header?.match(/^sha256=([0-9a-fA-F]{64})$/);
  if (!match) return false;
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const given = new Uint8Array(match[1]!.match(/../g)!.map((h) => parseInt(h, 16)));
  // subtle.verify compares in constant time.
  return await crypto.subtle.verify("HMAC", key, given, rawBody);
}
