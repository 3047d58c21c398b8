import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { ChannelName, NotifyChannel } from "./channel.ts";
import { createEmailChannel } from "./email_channel.ts";
import { createSmsChannel } from "./sms_channel.ts";
import { createWebChatChannel } from "./webchat_channel.ts";
import { createWhatsAppChannel } from "./whatsapp_channel.ts";

/** A channel whose provider is not configured: it reaches nobody. */
function offChannel(name: ChannelName, reason: string): NotifyChannel {
  return { name, send: () => Promise.resolve({ status: "SKIPPED", reason }) };
}

/** The app's channels from its configuration: every channel has one (off when unconfigured). */
export function createNotifyChannels(
  deps: {
    db: Kysely<Database>;
    kv: Deno.Kv;
    config: Config;
    mailer: Mailer;
    push?: NotifyChannel;
  },
): NotifyChannel[] {
  const { config } = deps;
  const sms = config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN
    ? createSmsChannel({
      accountSid: config.TWILIO_ACCOUNT_SID,
      authToken: config.TWILIO_AUTH_TOKEN,
      from: config.TWILIO_FROM,
      apiUrl: config.TWILIO_API_URL,
      statusCallbacks: config.PUBLIC_BASE_URL !== undefined,
      timeoutMs: config.NOTIFY_TIMEOUT_MS,
    })
    : offChannel("sms", "Twilio is not configured");
  const whatsapp = config.WHATSAPP_ACCESS_TOKEN
    ? createWhatsAppChannel({
      accessToken: config.WHATSAPP_ACCESS_TOKEN,
      apiUrl: config.WHATSAPP_API_URL,
      template: config.WHATSAPP_TEMPLATE,
      templateLanguage: config.WHATSAPP_TEMPLATE_LANGUAGE,
      timeoutMs: config.NOTIFY_TIMEOUT_MS,
    })
    : offChannel("whatsapp", "WhatsApp is not configured");
  return [
    createWebChatChannel(deps.db, deps.kv),
    createEmailChannel(deps.mailer),
    sms,
    whatsapp,
    deps.push ?? offChannel("push", "Web push is not configured"),
  ];
}
