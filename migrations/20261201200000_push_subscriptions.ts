import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";

/**
 * Web push subscriptions, one per browser per queue entry: where the push service takes the
 * message (`endpoint`) and the keys it is encrypted to (RFC 8291). They end with the entry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table push_subscriptions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id) on delete cascade,
    queue_entry_id uuid not null references queue_entries(id) on delete cascade,
    endpoint text not null check (length(endpoint) <= 2048),
    p256dh text not null check (length(p256dh) <= 200),
    auth text not null check (length(auth) <= 100),
    created_at timestamptz not null default now(),
    unique (queue_entry_id, endpoint)
  )`.execute(db);
  await sql`create index push_subscriptions_tenant_idx on push_subscriptions (tenant_id)`
    .execute(db);
  await sql`alter table push_subscriptions enable row level security`.execute(db);
  await sql`alter table push_subscriptions force row level security`.execute(db);
  await sql`create policy tenant_isolation on push_subscriptions
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
    .execute(db);
  await sql`grant select, insert, update, delete on push_subscriptions to qms_app`.execute(db);
  await grantPlatformAccess(db, "push_subscriptions");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists push_subscriptions`.execute(db);
}
