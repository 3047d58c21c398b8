import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";

/**
 * The outbox: domain events written in the same transaction as the change they describe, then
 * delivered after the commit by the dispatcher (lib/events/). One row per event; `pending` lists
 * the durable handlers still to run (mail today), and a row without any is done at once.
 *
 * A tenant's command writes its own rows (tenant policy); the dispatcher claims every tenant's
 * rows on the platform path (`qms_platform`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table outbox (
    id uuid primary key,
    tenant_id uuid references tenants(id) on delete cascade,
    type text not null,
    payload jsonb not null,
    pending text[] not null default '{}',
    status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
    attempts integer not null default 0,
    run_at timestamptz not null default now(),
    locked_until timestamptz,
    last_error text,
    created_at timestamptz not null default now(),
    done_at timestamptz
  )`.execute(db);
  await sql`create index outbox_due on outbox (run_at) where status = 'pending'`.execute(db);
  await sql`create index outbox_done on outbox (done_at) where status = 'done'`.execute(db);
  await sql`alter table outbox enable row level security`.execute(db);
  await sql`alter table outbox force row level security`.execute(db);
  await sql`create policy tenant_isolation on outbox
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
    .execute(db);
  await sql`grant select, insert, update, delete on outbox to qms_app`.execute(db);
  await grantPlatformAccess(db, "outbox");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists outbox`.execute(db);
}
