import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";

/**
 * Devices that show or take a queue without a staff session: a TV display in the dining room
 * and a kiosk tablet at the door. A manager creates one and gets a link once; the device keeps
 * the link's secret in a cookie, and only its SHA-256 is stored. Revoking sets `revoked_at`,
 * and the device's next request (or its open stream's next check) is refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table device_sessions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id) on delete cascade,
    kind text not null check (kind in ('display', 'kiosk')),
    label text not null check (length(label) between 1 and 60),
    queue_id uuid references queues(id) on delete cascade,
    secret_hash text not null unique check (length(secret_hash) = 64),
    created_by uuid references tenant_users(id) on delete set null,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz,
    revoked_at timestamptz
  )`.execute(db);
  await sql`create index device_sessions_tenant_idx on device_sessions (tenant_id, kind)`
    .execute(db);
  await sql`alter table device_sessions enable row level security`.execute(db);
  await sql`alter table device_sessions force row level security`.execute(db);
  await sql`create policy tenant_isolation on device_sessions
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
    .execute(db);
  await sql`grant select, insert, update, delete on device_sessions to qms_app`.execute(db);
  await grantPlatformAccess(db, "device_sessions");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists device_sessions`.execute(db);
}
