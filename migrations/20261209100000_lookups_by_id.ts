import { type Kysely, sql } from "kysely";
import { up as roundFunctions } from "./20261208000000_notify_round_functions.ts";
import { up as quotedWaits } from "./20261207000000_quoted_waits_function.ts";

/**
 * The functions that take a list of entry ids (the notification rounds' and the joins' quoted
 * waits) look each entry up by its id, one probe of the primary key per entry, whatever the
 * planner's statistics say (issue 12). Written as joins, the lookups were planned from
 * statistics taken when the tables were small (autovacuum analyses at most once a minute): the
 * row-level security filter on the tenant made a scan of the tenant's entries look cheaper, so
 * `notify_entries_as` walked the tenant's whole `(tenant_id, joined_at, id)` index,
 * `deliver_system_chat_as` hashed every entry of the tenant and `set_quoted_waits_as` compared
 * each of them with each id: every join's follow-up work grew with the tenant's history (3,352
 * entries read to update three in the join bench). A lateral subquery with `offset 0`, and an
 * update per id, are planned per id and cannot be turned back into those joins.
 *
 * Also drops `queue_entries_tenant_idx` (tenant_id): the two indexes that start with tenant_id
 * serve every query it served, and each join paid for keeping it.
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
        from (select distinct x.id from unnest(p_ids) as x(id)) u
        cross join lateral (select * from queue_entries e where e.id = u.id offset 0) e
        left join notification_settings s on s.tenant_id = e.tenant_id;
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
          select d.* from d
          cross join lateral (select 1 from queue_entries e where e.id = d.entry_id offset 0) e
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

  await sql`create or replace function set_quoted_waits_as(
      p_tenant uuid, p_ids uuid[], p_minutes int[])
    returns void
    language plpgsql volatile as $$
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
      v_id uuid;
      v_minutes int;
    begin
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      -- In the order of the ids, so two calls lock shared rows in the same order.
      for v_id, v_minutes in select * from unnest(p_ids, p_minutes) as u(id, minutes)
          order by u.id loop
        update queue_entries e set quoted_wait_minutes = v_minutes
          where e.id = v_id and e.quoted_wait_minutes is null;
      end loop;
      -- Called inside a transaction after all, the rest of it keeps its own role and tenant.
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);

  await sql`drop index if exists queue_entries_tenant_idx`.execute(db);
}

/** The joined lookups of the two earlier migrations, and the index back. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists queue_entries_tenant_idx on queue_entries (tenant_id)`
    .execute(db);
  await roundFunctions(db);
  await quotedWaits(db);
}
