import { announceQueueChange } from "../queue/queue_events.ts";
import { announceChatChange } from "../chat/chat_channel.ts";
import { type DomainEvent, queueOf } from "./event_types.ts";
import { realtimeTopicKey } from "../kv/keys.ts";
import type { RealtimeHub } from "../realtime/hub.ts";

/**
 * Events that only ask for a message to be sent: the marks they leave on a party (told it is
 * almost its turn, reminded) are in no page's view of the queue (nor in its read models' rows).
 */
const MESSAGE_ONLY = new Set<string>([
  "entry.almost_turn",
  "entry.reminder",
  "notification.resend",
]);

/**
 * Whether an event changes what a queue's pages show. Chat events change the board's unread
 * counts only when a customer writes or staff read; a staff message or a customer's receipt
 * touches the chat alone, so the queue's customers do not all re-read for it. An event that
 * only sends a message changes none of it: the call before an "almost your turn" round would
 * otherwise have its pages wait for the queue to be read again.
 */
export function changesQueue(event: DomainEvent): boolean {
  if (MESSAGE_ONLY.has(event.type)) return false;
  if (event.type === "chat.message_sent") {
    return (event as DomainEvent<"chat.message_sent">).payload.sender === "CUSTOMER";
  }
  if (event.type === "chat.read") {
    return (event as DomainEvent<"chat.read">).payload.reader === "STAFF";
  }
  return true;
}

/** The entry whose chat an event changed, if any. */
function chatOf(event: DomainEvent): string | null {
  if (event.type !== "chat.message_sent" && event.type !== "chat.read") return null;
  return (event.payload as { entryId: string }).entryId;
}

/**
 * Sends the change of every queue the events changed to this process's pages that read from
 * memory (a queue's customers and its board), before the topics are bumped: call it after the
 * read models took the events in.
 */
export function previewEventTopics(
  hub: Pick<RealtimeHub, "preview">,
  events: readonly DomainEvent[],
): void {
  const seen = new Set<string>();
  for (const event of events) {
    const queueId = queueOf(event);
    if (!event.tenantId || !queueId || !changesQueue(event)) continue;
    const key = `${event.tenantId}/${queueId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hub.preview(realtimeTopicKey(event.tenantId, "queue", queueId));
  }
}

/**
 * Bumps the realtime topic of every queue the events changed, once per queue, and the chat of
 * every entry a chat event changed (and its queue when the board's unread counts change).
 */
export async function publishEventTopics(
  kv: Deno.Kv,
  events: readonly DomainEvent[],
): Promise<void> {
  const queues = new Map<string, { tenantId: string; queueId: string }>();
  const chats = new Map<string, { tenantId: string; entryId: string }>();
  for (const event of events) {
    const queueId = queueOf(event);
    if (event.tenantId && queueId && changesQueue(event)) {
      queues.set(`${event.tenantId}/${queueId}`, { tenantId: event.tenantId, queueId });
    }
    const entryId = chatOf(event);
    if (event.tenantId && entryId) {
      chats.set(`${event.tenantId}/${entryId}`, { tenantId: event.tenantId, entryId });
    }
  }
  for (const { tenantId, entryId } of chats.values()) {
    await announceChatChange(kv, tenantId, entryId);
  }
  for (const { tenantId, queueId } of queues.values()) {
    await announceQueueChange(kv, tenantId, queueId);
  }
}
