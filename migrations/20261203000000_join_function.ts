import { type Kysely, sql } from "kysely";

/**
 * A join in one call under its queue's lock (issue 12): `join_queue_entry` locks the queue,
 * checks that the terms the app judged the join by still hold, reads the line (each statement
 * of a volatile function sees every join committed before the lock was granted), numbers and
 * inserts the party and writes its outbox event. The lock is then held for that call and the
 * commit, with no round trip to the app in between. It runs as the caller (`qms_app`), under
 * the same row-level security as any tenant statement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // What a join is judged by: when it changed between the app's read and the lock, the app
  // reads again (lib/queue/join.ts).
  await sql`create function queue_join_terms(q queues) returns text
    language sql stable as $$
      select concat_ws('|', q.is_active, q.accepting_customers, q.max_capacity,
        q.business_hours_start, q.business_hours_end, q.ticket_prefix)
    $$`.execute(db);
  await joinFunctionV1("create").execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists join_queue_entry(uuid, text, boolean, jsonb, jsonb)`
    .execute(db);
  await sql`drop function if exists queue_join_terms(queues)`.execute(db);
}

/**
 * This migration's `join_queue_entry`, kept callable: a later migration that replaces it
 * restores it on the way down.
 */
export function joinFunctionV1(verb: "create" | "create or replace") {
  return sql`${sql.raw(verb)} function join_queue_entry(
      p_queue uuid, p_terms text, p_allowed boolean, p_entry jsonb, p_event jsonb)
    returns table (outcome text, line_live int, phone_session text, replay_session text,
      ticket text, joined timestamptz, rank float8)
    language plpgsql volatile as $$
    declare
      v_terms text;
      v_capacity int;
      v_prefix text;
      v_live int;
      v_max float8;
      v_same text;
      v_replay text;
      v_n int;
      v_ticket text;
      v_joined timestamptz;
    begin
      select queue_join_terms(q), q.max_capacity, q.ticket_prefix
        into v_terms, v_capacity, v_prefix
        from queues q where q.id = p_queue and q.deleted_at is null for update;
      if not found then
        return query select 'missing'::text, 0, null::text, null::text, null::text,
          null::timestamptz, null::float8;
        return;
      end if;
      if v_terms is distinct from p_terms then
        return query select 'changed'::text, 0, null::text, null::text, null::text,
          null::timestamptz, null::float8;
        return;
      end if;
      select count(*)::int, coalesce(max(e.sort_rank), 0)::float8 into v_live, v_max
        from queue_entries e where e.queue_id = p_queue and e.status in ('waiting', 'called');
      select e.session_id into v_same from queue_entries e
        where e.queue_id = p_queue
          and e.customer_phone = any(array(select jsonb_array_elements_text(p_entry->'phoneForms')))
          and e.status in ('waiting', 'called') limit 1;
      if p_entry->>'idempotencyKey' is not null then
        select e.session_id into v_replay from queue_entries e
          where e.queue_id = p_queue and e.idempotency_key = p_entry->>'idempotencyKey';
      end if;
      if not p_allowed or v_same is not null or v_replay is not null or v_live >= v_capacity then
        return query select 'refused'::text, v_live, v_same, v_replay, null::text,
          null::timestamptz, null::float8;
        return;
      end if;
      insert into queue_ticket_counters as c (tenant_id, queue_id, service_date, last_number)
        values ((p_entry->>'tenantId')::uuid, p_queue, (p_entry->>'serviceDate')::date, 1)
        on conflict (queue_id, service_date) do update set last_number = c.last_number + 1
        returning c.last_number into v_n;
      v_ticket := v_prefix || case when v_n < 1000 then lpad(v_n::text, 3, '0')
        else v_n::text end;
      insert into queue_entries as e (id, tenant_id, queue_id, customer_name, customer_phone,
          party_size, notes, customer_email, platform, sort_rank, session_id, ticket_number,
          verification_code, idempotency_key, service_type_id, service_date, locale)
        values ((p_entry->>'id')::uuid, (p_entry->>'tenantId')::uuid, p_queue,
          p_entry->>'customerName', p_entry->>'customerPhone', (p_entry->>'partySize')::int,
          p_entry->>'notes', p_entry->>'customerEmail', p_entry->>'platform',
          v_max + (p_entry->>'rankStep')::float8, p_entry->>'sessionId', v_ticket,
          p_entry->>'verificationCode', p_entry->>'idempotencyKey',
          (p_entry->>'serviceTypeId')::uuid, (p_entry->>'serviceDate')::date,
          p_entry->>'locale')
        returning e.joined_at into v_joined;
      insert into outbox (id, tenant_id, type, payload, pending, status, done_at)
        values ((p_event->>'id')::uuid, (p_event->>'tenantId')::uuid, p_event->>'type',
          p_event->'payload', array(select jsonb_array_elements_text(p_event->'pending')),
          case when jsonb_array_length(p_event->'pending') > 0 then 'pending' else 'done' end,
          case when jsonb_array_length(p_event->'pending') > 0 then null else now() end);
      return query select 'joined'::text, v_live, null::text, null::text, v_ticket, v_joined,
        v_max + (p_entry->>'rankStep')::float8;
    end
    $$`;
}
