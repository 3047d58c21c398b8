import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import type { JoinTerms } from "./join_repo.ts";

/**
 * How long a queue as read for a join is reused. The lock checks its terms again (active,
 * accepting, capacity, hours, prefix), so a stale read costs one more read, never a wrong
 * join; only the location's time zone and the queue's name, which it does not check, may lag
 * by this much, as they could always change between the read and the lock.
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
};
