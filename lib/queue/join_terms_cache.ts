import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { JoinTerms } from "./join_repo.ts";
import type { DomainEvent, EventPayloads } from "../events/event_types.ts";

/**
 * How long a queue as read for a join is reused. The lock checks its terms again (active,
 * accepting, capacity, hours, prefix), so a stale read costs one more read, never a wrong
 * join. What it does not check (the location's time zone, the queue's name and pace, which a
 * kiosk or phone join's quote is worked out from) is read anew once this process changes it
 * (`changed`, `forgetTenant`); another process's change may lag by this much.
 */
const KEPT_MS = 1_000;

const kept = new WeakMap<Kysely<Database>, Map<string, { at: number; read: JoinTerms }>>();

function keyOf(tenantId: string, queueId: string): string {
  return `${tenantId}|${queueId}`;
}

/**
 * Queues as joins last read them in this process, per database and tenant: a busy queue's
 * joins skip one round trip each. Only active queues are kept (an inactive one is refused
 * without the lock's check, so it is always read anew).
 */
export const joinTermsCache = {
  get(db: Kysely<Database>, tenantId: string, queueId: string): JoinTerms | undefined {
    const hit = kept.get(db)?.get(keyOf(tenantId, queueId));
    return hit && Date.now() - hit.at < KEPT_MS ? hit.read : undefined;
  },
  set(db: Kysely<Database>, tenantId: string, read: JoinTerms): void {
    let queues = kept.get(db);
    if (!queues) kept.set(db, queues = new Map());
    const key = keyOf(tenantId, read.queue.id);
    if (!read.queue.isActive) {
      queues.delete(key);
      return;
    }
    // Entries older than KEPT_MS are useless: sweep them before the map grows past a bound.
    if (queues.size >= 10_000) {
      const now = Date.now();
      for (const [k, v] of queues) if (now - v.at >= KEPT_MS) queues.delete(k);
    }
    queues.set(key, { at: Date.now(), read });
  },
  drop(db: Kysely<Database>, tenantId: string, queueId: string): void {
    kept.get(db)?.delete(keyOf(tenantId, queueId));
  },
  /** This process changed a queue's settings: its next join reads them (its quote uses them). */
  changed(db: Kysely<Database>, events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.type !== "queue.changed" || !event.tenantId) continue;
      const { queueId } = event.payload as EventPayloads["queue.changed"];
      joinTermsCache.drop(db, event.tenantId, queueId);
    }
  },
  /** This process changed the tenant's location (its time zone): every queue is read anew. */
  forgetTenant(db: Kysely<Database>, tenantId: string): void {
    const queues = kept.get(db);
    for (const key of queues?.keys() ?? []) {
      if (key.startsWith(`${tenantId}|`)) queues!.delete(key);
    }
  },
};
