import { type Kysely, sql } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import { type Tx, withTenant } from "../../lib/db/transaction_repo.ts";

/**
 * Puts `n` waiting parties at the back of a queue's line in one statement, behind the app's back
 * (a busy evening's line, without 2,000 joins' worth of time). Phones, sessions and tickets are
 * made from `tag`, so two calls with different tags never clash.
 */
export async function addWaitingParties(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  n: number,
  tag: string,
): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    await sql`
      insert into queue_entries (tenant_id, queue_id, customer_name, customer_phone, sort_rank,
        session_id, ticket_number, service_date)
      select ${tenantId}::uuid, ${queueId}::uuid, 'Evening ' || i, '09' || ${tag} || lpad(i::text, 6, '0'),
        coalesce((select max(e.sort_rank) from queue_entries e where e.queue_id = ${queueId}::uuid), 0)
          + 1024 * i,
        ${tag} || '-session-' || i, ${tag} || i, current_date
      from generate_series(1, ${n}::int) as i`.execute(trx);
  });
}

/** Every live party of the queue leaves the line served (the night's end). */
export async function finishLine(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    await sql`
      update queue_entries set status = 'completed', completed_at = now()
      where queue_id = ${queueId}::uuid and status in ('waiting', 'called')`.execute(trx);
  });
}

/**
 * The queue takes 10,000 parties, and autovacuum leaves queue_entries alone (the bench decides
 * when the planner takes stock). Returns the queue's tenant.
 */
export async function setUpEvening(db: Kysely<Database>, queueId: string): Promise<string> {
  await sql`alter table queue_entries set (autovacuum_enabled = false)`.execute(db);
  await db.updateTable("queues").set({ maxCapacity: 10_000 }).where("id", "=", queueId).execute();
  const row = await db.selectFrom("queues").select("tenantId").where("id", "=", queueId)
    .executeTakeFirstOrThrow();
  return row.tenantId;
}

/** The planner takes stock of queue_entries now (VACUUM ANALYZE, as autovacuum would). */
export async function takeStock(db: Kysely<Database>): Promise<void> {
  await sql`vacuum analyze queue_entries`.execute(db);
}

/** The queue's join terms as the join function compares them. */
export async function joinTermsOf(db: Kysely<Database>, queueId: string): Promise<string> {
  const { rows } = await sql<{ terms: string }>`
    select queue_join_terms(q) as terms from queues q where q.id = ${queueId}::uuid`.execute(db);
  return rows[0]!.terms;
}

/**
 * Runs `work` in a transaction of the tenant's and returns how many index entries of
 * queue_entries the database read for it: the backend's counts not yet reported, before and
 * after it in the same transaction (they also hold earlier transactions' until reported).
 */
export async function lineIndexReads(
  db: Kysely<Database>,
  tenantId: string,
  work: (trx: Tx) => Promise<unknown>,
): Promise<number> {
  return await withTenant(db, tenantId, async (trx) => {
    const before = await pendingIndexReads(trx);
    await work(trx);
    return await pendingIndexReads(trx) - before;
  });
}

async function pendingIndexReads(trx: Tx): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)::int as n
    from pg_index i where i.indrelid = 'queue_entries'::regclass`.execute(trx);
  return rows[0]!.n;
}
