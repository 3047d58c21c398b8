import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { findEntryBySessionId, findQueueIdBySessionId } from "./entry_repo.ts";
import type { EntryView } from "./entry_view.ts";
import { describeEntry } from "./entry_place.ts";
import { findQueue } from "./queue_repo.ts";

/** A customer's entry by its session id, within the current tenant only; null when unknown. */
export function getEntryStatus(
  db: Kysely<Database>,
  tenantId: string,
  sessionId: string,
): Promise<EntryView | null> {
  return withTenant(db, tenantId, async (trx) => {
    const entry = await findEntryBySessionId(trx, sessionId);
    if (!entry) return null;
    const queue = await findQueue(trx, entry.queueId);
    if (!queue) return null;
    return await describeEntry(trx, entry, queue);
  });
}

/**
 * The queue of a customer's entry, within the current tenant only; null when the entry or its
 * queue is gone. One indexed lookup: a stream only needs to know which queue to follow.
 */
export function findEntryQueueId(
  db: Kysely<Database>,
  tenantId: string,
  sessionId: string,
): Promise<string | null> {
  return withTenant(db, tenantId, (trx) => findQueueIdBySessionId(trx, sessionId));
}
