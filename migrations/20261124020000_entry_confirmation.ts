import { type Kysely, sql } from "kysely";

/** When a called customer said they are on their way (queues with requireConfirmation). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queue_entries add column confirmed_at timestamptz`.execute(db);
  await sql`create index queue_entries_recover_idx on queue_entries (tenant_id, customer_phone)
    where status in ('waiting', 'called')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists queue_entries_recover_idx`.execute(db);
  await sql`alter table queue_entries drop column confirmed_at`.execute(db);
}
