import { type Kysely, sql } from "kysely";

/**
 * Three columns of `queue_entries` were written once at join and never read again:
 *
 * - `position`: the place at join. A party's place is its rank order among waiting entries,
 *   computed live (it changes with every call, cancel and drag on the board), so the stored
 *   number was wrong from the first change on.
 * - `estimated_wait_time`: the quote at join. Quotes are computed live from the line and the
 *   queue's learned pace; the stored one went stale the same way. The accuracy of quotes is
 *   measured by replaying history (bench/eta_sim.ts), which does not need it either.
 * - `customer_id`: spec §2.3 has it as the customer's identity across visits (its index, and
 *   §4.1's `customer:${customerId}` room). We have no customer accounts: a join wrote a fresh
 *   random uuid, a second `id` that identified nobody. A customer is known by their phone
 *   (E.164, unique among a queue's live entries) and a ticket by its session id (its realtime
 *   topic). Repeat-visit analytics can group by `customer_phone`; if customer profiles come,
 *   they get their own table and a real reference, not this column.
 *
 * Their indexes (`queue_entries_customer_idx`, `queue_entries_tenant_queue_position_idx`) go
 * with them, which also saves their upkeep on every join.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queue_entries
    drop column position,
    drop column estimated_wait_time,
    drop column customer_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queue_entries
    add column customer_id text not null default gen_random_uuid()::text,
    add column position int not null default 0,
    add column estimated_wait_time int not null default 0`.execute(db);
  await sql`create index queue_entries_customer_idx on queue_entries (customer_id)`.execute(db);
  await sql`create index queue_entries_tenant_queue_position_idx
    on queue_entries (tenant_id, queue_id, position)`.execute(db);
}
