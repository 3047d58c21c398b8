import { type Kysely, sql } from "kysely";

/**
 * The notification rounds' reads and writes as one statement each, each its own transaction
 * (issue 12: a busy night's joins cost seven round trips of notification work per round, BEGIN
 * and COMMIT included). Like `join_queue_entry_as`, each sets what `withTenant` sets (the app
 * role and `app.tenant_id`, local to the transaction), so row-level security holds as in any
 * tenant transaction, and puts back the role and tenant it found when done.
 *
 * - `notify_entries_as`: the entries a round's messages are about, with the tenant's
 *   notification settings and each entry's push subscription count.
 * - `phone_reaches_as`: what the tenant's conversations know of the phones (opt-outs and the
 *   last message in, which opens WhatsApp's 24-hour window).
 * - `deliver_system_chat_as`: records each first attempt on the web chat as delivered and writes
 *   its SYSTEM line in the customer's chat, only for the events not recorded before and only
 *   about the tenant's own entries; returns each line's outcome: `written`, `attempted` (the
 *   event has an attempt on the channel already) or `not_found` (no such entry of the tenant).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function notify_entries_as(p_tenant uuid, p_ids uuid[])
    returns table (id uuid, queue_id uuid, status text, ticket_number text, customer_phone text,
      customer_email text, session_id text, platform text, locale text, push_subscriptions bigint,
      settings_tenant_id uuid, topics jsonb, phone_channel text, whatsapp_phone_number_id text,
      whatsapp_template text, sms_from text)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      return query
        select e.id, e.queue_id, e.status, e.ticket_number, e.customer_phone, e.customer_email,
          e.session_id, e.platform, e.locale,
          (select count(*) from push_subscriptions p where p.queue_entry_id = e.id),
          s.tenant_id, s.topics, s.phone_channel, s.whatsapp_phone_number_id,
          s.whatsapp_template, s.sms_from
        from queue_entries e
        left join notification_settings s on s.tenant_id = e.tenant_id
        where e.id = any(p_ids);
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);

  await sql`create or replace function phone_reaches_as(p_tenant uuid, p_phones text[])
    returns table (phone text, opted_out_at timestamptz, last_inbound_at timestamptz)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      return query
        select c.phone, c.opted_out_at, c.last_inbound_at from conversations c
        where c.phone = any(p_phones);
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);

  await sql`create or replace function deliver_system_chat_as(p_tenant uuid, p_deliveries jsonb)
    returns table (id uuid, outcome text)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      return query
        with d as (
          select (x.item->>'id')::uuid as id, (x.item->>'entry_id')::uuid as entry_id,
            (x.item->>'event_id')::uuid as event_id, x.item->>'channel' as channel,
            x.item->>'topic' as topic, x.item->>'message' as message,
            x.item->>'content' as content, x.n
          from jsonb_array_elements(p_deliveries) with ordinality as x(item, n)
        ), own as (
          -- Only the tenant's own entries (row-level security hides the others' from the join;
          -- a foreign key alone would let a row name another tenant's entry).
          select d.* from d join queue_entries e on e.id = d.entry_id
        ), recorded as (
          insert into notification_logs as l (tenant_id, queue_entry_id, event_id, channel, topic,
            attempt, status, message, retry, provider_message_id, sent_at)
          select p_tenant, o.entry_id, o.event_id, o.channel, o.topic, 1, 'DELIVERED', o.message,
            false, o.id::text, now()
          -- In the order given: of one event's lines in one call, the first is the one written.
          from own o order by o.n
          on conflict (event_id, channel, attempt) do nothing
          returning l.provider_message_id
        ), written as (
          insert into web_chat_messages as w (id, tenant_id, queue_entry_id, sender, content)
          select o.id, p_tenant, o.entry_id, 'SYSTEM', o.content from own o
          where o.id::text in (select r.provider_message_id from recorded r)
          returning w.id
        )
        select d.id, case when w.id is not null then 'written'
            when o.id is null then 'not_found' else 'attempted' end
        from d left join own o on o.id = d.id left join written w on w.id = d.id;
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists deliver_system_chat_as(uuid, jsonb)`.execute(db);
  await sql`drop function if exists phone_reaches_as(uuid, text[])`.execute(db);
  await sql`drop function if exists notify_entries_as(uuid, uuid[])`.execute(db);
}
