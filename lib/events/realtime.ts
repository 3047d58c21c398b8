import { announceQueueChange } from "../queue/queue_events.ts";
import { type DomainEvent, queueOf } from "./event_types.ts";

/** Bumps the realtime topic of every queue the events changed, once per queue. */
export async function publishEventTopics(
  kv: Deno.Kv,
  events: readonly DomainEvent[],
): Promise<void> {
  const queues = new Map<string, { tenantId: string; queueId: string }>();
  for (const event of events) {
    const queueId = queueOf(event);
    if (event.tenantId && queueId) {
      queues.set(`${event.tenantId}/${queueId}`, { tenantId: event.tenantId, queueId });
    }
  }
  for (const { tenantId, queueId } of queues.values()) {
    await announceQueueChange(kv, tenantId, queueId);
  }
}
