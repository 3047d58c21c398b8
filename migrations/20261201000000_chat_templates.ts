import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";

/**
 * Web chat (issue 8): each tenant's quick replies, and an index for the unread counts the staff
 * board and dashboard read on every queue change.
 *
 * - `chat_templates`: one row per tenant holding its ordered quick messages. No row means the
 *   defaults ("Your table is ready", …); an empty array means the tenant removed them all.
 * - `web_chat_messages_unread_idx`: the board counts a queue's unread customer messages per
 *   entry; a partial index keeps that to the few unread rows, not the whole history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table chat_templates (
    tenant_id uuid primary key references tenants(id) on delete cascade,
    templates text[] not null default '{}',
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`alter table chat_templates enable row level security`.execute(db);
  await sql`alter table chat_templates force row level security`.execute(db);
  await sql`create policy tenant_isolation on chat_templates
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
    .execute(db);
  await sql`grant select, insert, update, delete on chat_templates to qms_app`.execute(db);
  await grantPlatformAccess(db, "chat_templates");
  await sql`create index web_chat_messages_unread_idx
    on web_chat_messages (queue_entry_id, sender) where not is_read`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists web_chat_messages_unread_idx`.execute(db);
  await sql`drop table if exists chat_templates`.execute(db);
}
