import { type Kysely, sql } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import type { Tx } from "../../lib/db/transaction_repo.ts";

export interface LineCounts {
  queueId: string;
  live: number;
  waiting: number;
}

/** Each queue's line counted from its entries, as the join counted it before the kept counts. */
export async function countedLines(db: Kysely<Database>): Promise<LineCounts[]> {
  const { rows } = await sql<LineCounts>`
    select q.id as queue_id,
      count(e.id) filter (where e.status in ('waiting', 'called'))::int as live,
      count(e.id) filter (where e.status = 'waiting')::int as waiting
    from queues q left join queue_entries e on e.queue_id = q.id
    group by q.id order by q.id`.execute(db);
  return rows;
}

/** Each queue's counts as the trigger kept them (a queue without a row has had no entry: 0). */
export async function keptLines(db: Kysely<Database>): Promise<LineCounts[]> {
  const { rows } = await sql<LineCounts>`
    select q.id as queue_id, coalesce(c.live, 0) as live, coalesce(c.waiting, 0) as waiting
    from queues q left join queue_line_counts c on c.queue_id = q.id
    order by q.id`.execute(db);
  return rows;
}

/** The kept counts rows a tenant's transaction can see. */
export async function visibleLineCounts(trx: Tx): Promise<{ queueId: string; tenantId: string }[]> {
  return await trx.selectFrom("queueLineCounts").select(["queueId", "tenantId"]).execute();
}

/** Takes an entry out behind the app's back, as a platform purge or a cascade would. */
export async function deleteEntryDirectly(db: Kysely<Database>, entryId: string): Promise<void> {
  await db.deleteFrom("queueEntries").where("id", "=", entryId).execute();
}

/** The tenant a queue belongs to. */
export async function tenantOfQueue(db: Kysely<Database>, queueId: string): Promise<string> {
  const row = await db.selectFrom("queues").select("tenantId").where("id", "=", queueId)
    .executeTakeFirstOrThrow();
  return row.tenantId;
}

/** Sets a queue's capacity behind the app's back (the join reads its terms again). */
export async function setCapacity(db: Kysely<Database>, queueId: string, n: number): Promise<void> {
  await db.updateTable("queues").set({ maxCapacity: n }).where("id", "=", queueId).execute();
}
