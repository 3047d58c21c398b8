import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

/**
 * Queueing by WhatsApp or SMS (issue 9):
 * - `queue_entries.platform` may be `sms` (WhatsApp was allowed from the start).
 * - `conversations`: one row per tenant and customer phone: the language the customer writes in,
 *   the name they gave, what the conversation waits for (a name, a queue choice), when they last
 *   wrote (WhatsApp's 24-hour window) and whether they sent STOP.
 * - `conversation_messages`: every message in (a provider message id is processed once) and
 *   every reply out (sent once, from the outbox).
 * - A WhatsApp phone number id and an SMS number belong to one tenant at most: the webhooks find
 *   the tenant by them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queue_entries drop constraint if exists queue_entries_platform_check`
    .execute(db);
  await sql`alter table queue_entries add constraint queue_entries_platform_check
    check (platform in ('web','whatsapp','sms','messenger','api'))`.execute(db);

  await sql`create table conversations (
    tenant_id uuid not null references tenants(id) on delete cascade,
    phone text not null check (phone ~ '^\\+[0-9]{7,15}$'),
    channel text not null check (channel in ('whatsapp', 'sms')),
    locale text not null default 'en' check (locale in ('en', 'ms', 'zh')),
    customer_name text check (length(customer_name) <= 100),
    awaiting text check (awaiting in ('name', 'queue')),
    pending jsonb,
    last_inbound_at timestamptz,
    opted_out_at timestamptz,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, phone)
  )`.execute(db);

  await sql`create table conversation_messages (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references tenants(id) on delete cascade,
    phone text not null,
    channel text not null check (channel in ('whatsapp', 'sms')),
    direction text not null check (direction in ('in', 'out')),
    provider_message_id text check (length(provider_message_id) <= 200),
    body text not null check (length(body) <= 4096),
    profile_name text check (length(profile_name) <= 200),
    opt_out_type text check (opt_out_type in ('STOP', 'START', 'HELP')),
    confirms_stop boolean not null default false,
    status text not null check (status in ('RECEIVED', 'HANDLED', 'PENDING', 'SENDING', 'SENT',
      'FAILED', 'INTERRUPTED', 'SKIPPED')),
    error text,
    created_at timestamptz not null default now(),
    handled_at timestamptz
  )`.execute(db);
  await sql`create unique index conversation_messages_inbound_once
    on conversation_messages (tenant_id, channel, provider_message_id) where direction = 'in'`
    .execute(db);
  await sql`create index conversation_messages_phone
    on conversation_messages (tenant_id, phone, created_at)`.execute(db);

  for (const table of ["conversations", "conversation_messages"]) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`alter table ${sql.table(table)} force row level security`.execute(db);
    await sql`create policy tenant_isolation on ${sql.table(table)}
      using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
    await sql`grant select, insert, update, delete on ${sql.table(table)} to qms_app`.execute(db);
    await grantPlatformAccess(db, table);
  }

  await sql`create unique index notification_settings_whatsapp_number_once
    on notification_settings (whatsapp_phone_number_id)`.execute(db);
  await sql`create unique index notification_settings_sms_number_once
    on notification_settings (sms_from)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists notification_settings_sms_number_once`.execute(db);
  await sql`drop index if exists notification_settings_whatsapp_number_once`.execute(db);
  await sql`drop table if exists conversation_messages`.execute(db);
  await sql`drop table if exists conversations`.execute(db);
  await sql`update queue_entries set platform = 'api' where platform = 'sms'`.execute(db);
  await sql`alter table queue_entries drop constraint if exists queue_entries_platform_check`
    .execute(db);
  await sql`alter table queue_entries add constraint queue_entries_platform_check
    check (platform in ('web','whatsapp','messenger','api'))`.execute(db);
}
