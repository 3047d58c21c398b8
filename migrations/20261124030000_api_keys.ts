import { type Kysely, sql } from "kysely";

/** Per-tenant API keys: only a hash is kept; the key itself is shown once at creation. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table api_keys (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id) on delete cascade,
    name text not null check (length(name) between 1 and 60),
    prefix text not null unique,
    secret_hash text not null,
    role text not null default 'STAFF' check (role in ('ADMIN','STAFF')),
    created_by uuid references tenant_users(id) on delete set null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`.execute(db);
  await sql`create index api_keys_tenant_idx on api_keys (tenant_id)`.execute(db);
  await sql`alter table api_keys enable row level security`.execute(db);
  await sql`alter table api_keys force row level security`.execute(db);
  await sql`create policy tenant_isolation on api_keys
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`.execute(db);
  await sql`grant select, insert, update, delete on api_keys to qms_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists api_keys`.execute(db);
}
