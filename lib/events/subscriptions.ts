import type { EventType } from "./event_types.ts";
import { ROLLUP_EVENTS, ROLLUP_HANDLER } from "../analytics/rollup.ts";

/**
 * Which durable handlers each event type needs, decided when the event is written (so a row
 * knows its work even if the process that wrote it dies). Realtime page bumps are not listed:
 * they are best effort, at once after the commit, and pages re-read when they reconnect.
 */
// Notifications (lib/notify/): one handler per channel, so a failed channel is retried alone;
// each one is a no-op success where its channel does not apply. Run in this order: the phone
// channels early (what a customer away from the page needs soonest), the chat line after.
export const NOTIFY_HANDLERS = [
  "notify:email",
  "notify:sms",
  "notify:whatsapp",
  "notify:push",
  "notify:webchat",
] as const;
/** "Almost your turn": after the line moved, tells the party now N from the front (once). */
export const ALMOST_TURN_HANDLER = "notify:almost";

const DURABLE: Partial<Record<EventType, readonly string[]>> = {
  "user.invited": ["mail"],
  "password.reset_requested": ["mail"],
  "backoffice_user.invited": ["backoffice-mail"],
  // A party that joins already near is marked as told by the join itself (join_queue_entry).
  "entry.joined": NOTIFY_HANDLERS,
  "entry.called": [...NOTIFY_HANDLERS, ALMOST_TURN_HANDLER],
  "entry.requeued": [...NOTIFY_HANDLERS, ALMOST_TURN_HANDLER],
  "entry.no_show": [...NOTIFY_HANDLERS, ALMOST_TURN_HANDLER],
  "entry.cancelled": [...NOTIFY_HANDLERS, ALMOST_TURN_HANDLER],
  "entry.reordered": [ALMOST_TURN_HANDLER],
  "entry.seated": [ALMOST_TURN_HANDLER],
  "entry.almost_turn": NOTIFY_HANDLERS,
  "entry.reminder": NOTIFY_HANDLERS,
  "notification.resend": NOTIFY_HANDLERS,
  // Only staff messages notify (the handlers skip the customer's own and SYSTEM ones).
  "chat.message_sent": NOTIFY_HANDLERS,
  // Queueing by WhatsApp or SMS (lib/conversation/): understand the message, then reply.
  "conversation.received": ["conversation:inbound"],
  "conversation.reply": ["conversation:reply"],
};

// Analytics roll-ups (lib/analytics/rollup.ts): after the notifications, so they never wait on it.
for (const type of ROLLUP_EVENTS) DURABLE[type] = [...(DURABLE[type] ?? []), ROLLUP_HANDLER];

export function durableHandlersFor(type: EventType): string[] {
  return [...(DURABLE[type] ?? [])];
}
