import { type Kysely, sql } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import { type Tx, withTenant } from "../../lib/db/transaction_repo.ts";

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

/** autovacuum leaves queue_entries alone: the caller decides when the planner takes stock. */
export async function holdAutovacuum(db: Kysely<Database>): Promise<void> {
  await sql`alter table queue_entries set (autovacuum_enabled = false)`.execute(db);
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
 * Runs `work` in a transaction of the tenant's and returns how many rows of queue_entries the
 * database read for it (index entries and table scans): the backend's counts not yet reported,
 * before and after it in the same transaction (they also hold earlier transactions' until
 * reported).
 */
export async function lineRowsRead(
  db: Kysely<Database>,
  tenantId: string,
  work: (trx: Tx) => Promise<unknown>,
): Promise<number> {
  return await withTenant(db, tenantId, async (trx) => {
    const before = await pendingRowsRead(trx);
    await work(trx);
    return await pendingRowsRead(trx) - before;
  });
}

/** Rows of queue_entries read so far: through its indexes, and by scans of the table itself. */
async function pendingRowsRead(trx: Tx): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select (coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)
      + pg_stat_get_xact_tuples_returned('queue_entries'::regclass))::int as n
    from pg_index i where i.indrelid = 'queue_entries'::regclass`.execute(trx);
  return rows[0]!.n;
}

/** How many parties the planner believes the live-phone index holds (its last stock-taking). */
export async function believedLiveParties(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select greatest(reltuples, 0)::int as n from pg_class
    where oid = 'queue_entries_live_phone_idx'::regclass`.execute(db);
  return rows[0]!.n;
}
