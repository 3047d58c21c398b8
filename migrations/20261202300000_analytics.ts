import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";

/**
 * Analytics (issue 11):
 * - `queue_entries.quoted_wait_minutes`: the wait quoted to the party when it joined, so the
 *   dashboard can say how honest the estimates were. Null for entries from before this column.
 * - `queue_entries (tenant_id, joined_at, id)`: today's raw figures, exports and retention read a
 *   tenant's entries by join time; the export pages in exactly this order.
 * - `queue_analytics.figures`: one local day of one queue, everything the dashboard sums (counts,
 *   wait and service histograms, hourly joins, channels, quote errors by hour). The spec's
 *   summary columns stay filled for readers of the original model.
 * - `analytics_rollups`: per tenant, the last local day whose roll-ups are complete; later days
 *   are read raw, so a missed nightly run shows late figures, never missing ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queue_entries add column quoted_wait_minutes int
    check (quoted_wait_minutes >= 0)`.execute(db);
  await sql`create index queue_entries_tenant_joined_idx on queue_entries (tenant_id, joined_at, id)`
    .execute(db);
  await sql`alter table queue_analytics
    add column figures jsonb not null default '{}',
    add column updated_at timestamptz not null default now()`.execute(db);

  await sql`create table analytics_rollups (
    tenant_id uuid primary key references tenants(id) on delete cascade,
    rolled_through date not null,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`alter table analytics_rollups enable row level security`.execute(db);
  await sql`alter table analytics_rollups force row level security`.execute(db);
  await sql`create policy tenant_isolation on analytics_rollups
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
    .execute(db);
  await sql`grant select, insert, update, delete on analytics_rollups to qms_app`.execute(db);
  await grantPlatformAccess(db, "analytics_rollups");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists analytics_rollups`.execute(db);
  await sql`alter table queue_analytics drop column figures, drop column updated_at`.execute(db);
  await sql`drop index if exists queue_entries_tenant_joined_idx`.execute(db);
  await sql`alter table queue_entries drop column quoted_wait_minutes`.execute(db);
}
