import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/** Active tenants' ids: the scheduled jobs visit each under its own row-level security. */
export async function listActiveTenantIds(trx: Tx): Promise<string[]> {
  const rows = await trx.selectFrom("tenants").select("id").where("isActive", "=", true).execute();
  return rows.map((r) => r.id);
}

/**
 * Marks called parties as no-shows once their queue's call timeout has passed. One statement,
 * so two runners at once cannot both change the same entry.
 */
export async function markTimedOutCalls(
  trx: Tx,
): Promise<Array<{ id: string; queueId: string; ticketNumber: string }>> {
  const { rows } = await sql<{ id: string; queueId: string; ticketNumber: string }>`
    update queue_entries e
    set status = 'no_show', version = e.version + 1
    from queues q
    where q.id = e.queue_id
      and e.status = 'called'
      and e.called_at < now() - make_interval(mins => q.call_timeout_minutes)
    returning e.id, e.queue_id, e.ticket_number`.execute(trx);
  return rows;
}
