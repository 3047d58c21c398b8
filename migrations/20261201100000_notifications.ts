import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";

/**
 * Notifications (issue 8):
 *
 * - `notification_logs` becomes the delivery ledger: one row per attempt of one event on one
 *   channel (`event_id`, `channel`, `attempt` unique). A row is committed as SENDING before the
 *   provider is called, so a process that dies mid-send leaves a row that says so (and the
 *   restarted handler marks it FAILED "interrupted" instead of sending again). `retry` marks a
 *   FAILED row whose error is worth another attempt; `topic` says what the message was about
 *   (for "resend"); `provider_message_id` matches status callbacks.
 * - `notification_settings`: one row per tenant: which channels each topic goes to, the phone
 *   channel (WhatsApp, SMS, none, or automatic), and the tenant's own sender ids.
 * - `queue_entries.customer_email` (optional at join), `almost_notified_at` (told "almost your
 *   turn" once), `last_reminded_at` (the reminder cron's clock).
 * - `queues.almost_turn_ahead`: "almost your turn" when this many parties are ahead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notification_logs
    add column event_id uuid,
    add column attempt int not null default 1,
    add column topic text,
    add column provider_message_id text,
    add column retry boolean not null default false`.execute(db);
  await sql`alter table notification_logs drop constraint if exists notification_logs_status_check`
    .execute(db);
  await sql`alter table notification_logs add constraint notification_logs_status_check
    check (status in ('SENDING','SENT','DELIVERED','FAILED','BOUNCED'))`.execute(db);
  await sql`create unique index notification_logs_event_channel_attempt
    on notification_logs (event_id, channel, attempt)`.execute(db);
  await sql`create index notification_logs_provider_id on notification_logs (provider_message_id)
    where provider_message_id is not null`.execute(db);

  await sql`alter table queue_entries
    add column customer_email text check (length(customer_email) <= 254),
    add column almost_notified_at timestamptz,
    add column last_reminded_at timestamptz`.execute(db);
  await sql`alter table queues
    add column almost_turn_ahead int not null default 2
      check (almost_turn_ahead between 0 and 50)`.execute(db);

  await sql`create table notification_settings (
    tenant_id uuid primary key references tenants(id) on delete cascade,
    topics jsonb not null default '{}',
    phone_channel text not null default 'auto'
      check (phone_channel in ('auto', 'whatsapp', 'sms', 'none')),
    whatsapp_phone_number_id text check (whatsapp_phone_number_id ~ '^[0-9]{5,30}$'),
    whatsapp_template text check (whatsapp_template ~ '^[a-z0-9_]{1,100}$'),
    sms_from text check (sms_from ~ '^\\+[0-9]{7,15}$'),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`alter table notification_settings enable row level security`.execute(db);
  await sql`alter table notification_settings force row level security`.execute(db);
  await sql`create policy tenant_isolation on notification_settings
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
    .execute(db);
  await sql`grant select, insert, update, delete on notification_settings to qms_app`.execute(db);
  await grantPlatformAccess(db, "notification_settings");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists notification_settings`.execute(db);
  await sql`alter table queues drop column almost_turn_ahead`.execute(db);
  await sql`alter table queue_entries drop column customer_email,
    drop column almost_notified_at, drop column last_reminded_at`.execute(db);
  await sql`drop index if exists notification_logs_provider_id`.execute(db);
  await sql`drop index if exists notification_logs_event_channel_attempt`.execute(db);
  await sql`delete from notification_logs where status = 'SENDING'`.execute(db);
  await sql`alter table notification_logs drop constraint notification_logs_status_check`
    .execute(db);
  await sql`alter table notification_logs add constraint notification_logs_status_check
    check (status in ('SENT','DELIVERED','FAILED','BOUNCED'))`.execute(db);
  await sql`alter table notification_logs drop column event_id, drop column attempt,
    drop column topic, drop column provider_message_id, drop column retry`.execute(db);
}
