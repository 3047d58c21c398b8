import type { Platform } from "../db/schema.ts";
import type { ChannelName } from "../notify/channel.ts";

/** WhatsApp's customer-service window: free text within 24 hours of the customer's message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60_000;

/** The channels addressed to the customer's phone number (what STOP stops). */
export function isPhoneChannel(name: ChannelName): name is "sms" | "whatsapp" {
  return name === "sms" || name === "whatsapp";
}

/** The messaging channel a party queued by, if it queued by message. */
export function conversationChannel(platform: Platform): "sms" | "whatsapp" | null {
  return platform === "sms" || platform === "whatsapp" ? platform : null;
}

/** Whether free text may go to the customer on WhatsApp now (they wrote within 24 hours). */
export function whatsappWindowOpen(lastInboundAt: Date | null, now = Date.now()): boolean {
  return lastInboundAt !== null && now - new Date(lastInboundAt).getTime() < WHATSAPP_WINDOW_MS;
}
