import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";
import { aloneRetryingStale } from "../db/prepared_statements.ts";

/**
 * Marks the waiting parties of a queue that are now within its "almost your turn" count and
 * were not told yet; returns them with how many parties are ahead. One statement: of two
 * runners at once, only one marks (and so tells) each party. It reads only the front of the
 * line (the count plus one parties, from the queue's rank index), whatever the line's length:
 * it runs after every call, cancel, no-show, seat and reorder.
 */
export async function markAlmostTurn(
  trx: Tx,
  queueId: string,
): Promise<Array<{ id: string; ahead: number }>> {
  // The statement is `mark_almost_turn` (migration 20261212000000_line_end_plans.ts): as a
  // function's, it keeps to the line's front however stale the planner's statistics are.
  const { rows } = await sql<{ id: string; ahead: number }>`
    select id, ahead from mark_almost_turn(${queueId}::uuid)`.execute(trx);
  return rows;
}

/**
 * `markAlmostTurn` and the outbox's `entry.almost_turn` event of each party marked (with the
 * durable handlers `pending`), in one statement that is its own transaction under the tenant's
 * row-level security (`almost_turn_round_as`). Returns each party with its event's id. Call it
 * on the database, never inside a transaction.
 */
export async function markAlmostTurnAlone(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  pending: readonly string[],
): Promise<Array<{ id: string; ahead: number; eventId: string }>> {
  const { rows } = await aloneRetryingStale(() =>
    sql<{ id: string; ahead: number; eventId: string }>`
      select id, ahead, event_id as "eventId"
      from almost_turn_round_as(${tenantId}::uuid, ${queueId}::uuid, ${pending}::text[])
    `.execute(db)
  );
  return rows;
}

/**
 * A party that joins (or is put back) already within the "almost" count was just told where it
 * stands: it is marked as told, so "almost your turn" goes only to parties the line brought near.
 * Counts the parties ahead only up to the count plus one, so a join costs the same however long
 * the line is.
 */
export async function markToldOnArrival(trx: Tx, entryId: string): Promise<void> {
  // The statement is `mark_told_on_arrival` (migration 20261212000000_line_end_plans.ts).
  await sql`select mark_told_on_arrival(${entryId}::uuid)`.execute(trx);
}

/**
 * Marks the waiting parties due a reminder: their queue has automatic notifications with an
 * interval, the tenant sends reminders on some channel, and the interval has passed since they
 * joined or were last reminded. One statement decides each party, however many processes run.
 */
export async function markDueReminders(
  trx: Tx,
): Promise<Array<{ id: string; queueId: string }>> {
  const { rows } = await sql<{ id: string; queueId: string }>`
    update queue_entries e set last_reminded_at = now()
    from queues q
    where q.id = e.queue_id and q.deleted_at is null and q.is_active
      and q.auto_notifications and q.notification_interval > 0
      and e.status = 'waiting'
      and coalesce(e.last_reminded_at, e.joined_at)
        <= now() - make_interval(mins => q.notification_interval)
      and exists (
        select 1 from notification_settings s
        where jsonb_array_length(coalesce(s.topics -> 'reminder', '[]'::jsonb)) > 0
      )
    returning e.id, e.queue_id as "queueId"`.execute(trx);
  return rows;
}
