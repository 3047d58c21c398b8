import { type Kysely, sql } from "kysely";

/** Deleted queues keep their history (entries, analytics) and disappear from every list. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queues add column deleted_at timestamptz`.execute(db);
  await sql`create index queues_tenant_live_idx on queues (tenant_id) where deleted_at is null`
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queues drop column deleted_at`.execute(db);
}
