import type { EventType } from "./event_types.ts";

/**
 * Which durable handlers each event type needs, decided when the event is written (so a row
 * knows its work even if the process that wrote it dies). Realtime page bumps are not listed:
 * they are best effort, at once after the commit, and pages re-read when they reconnect.
 */
const DURABLE: Partial<Record<EventType, readonly string[]>> = {
  "user.invited": ["mail"],
  "password.reset_requested": ["mail"],

  // Web push (interim: the notification service takes these over with every channel).
  "entry.joined": ["notify:push"],
  "entry.called": ["notify:push"],
};

export function durableHandlersFor(type: EventType): string[] {
  return [...(DURABLE[type] ?? [])];
}
