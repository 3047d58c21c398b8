import { type Kysely, sql } from "kysely";
import { joinFunctionV1 } from "./20261203000000_join_function.ts";

/**
 * A party that joins with no more than the queue's "almost your turn" count waiting ahead of it
 * is marked as told on arrival (`almost_notified_at`) by `join_queue_entry` itself, in the
 * join's own statement. Before, an outbox handler marked it after the commit, which cost every
 * join one more transaction (issue 12). The joined message already told that party its place.
 * The function is otherwise the one of `20261203000000_join_function.ts`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function join_queue_entry(
      p_queue uuid, p_terms text, p_allowed boolean, p_entry jsonb, p_event jsonb)
    returns table (outcome text, line_live int, phone_session text, replay_session text,
      ticket text, joined timestamptz, rank float8)
    language plpgsql volatile as $$
    declare
      v_terms text;
      v_capacity int;
      v_almost int;
      v_waiting int;
      v_prefix text;
      v_live int;
      v_max float8;
      v_same text;
      v_replay text;
      v_n int;
      v_ticket text;
      v_joined timestamptz;
    begin
      select queue_join_terms(q), q.max_capacity, q.ticket_prefix, q.almost_turn_ahead
        into v_terms, v_capacity, v_prefix, v_almost
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
      select count(*)::int, count(*) filter (where e.status = 'waiting')::int,
          coalesce(max(e.sort_rank), 0)::float8
        into v_live, v_waiting, v_max
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
          verification_code, idempotency_key, service_type_id, service_date, locale,
          almost_notified_at)
        values ((p_entry->>'id')::uuid, (p_entry->>'tenantId')::uuid, p_queue,
          p_entry->>'customerName', p_entry->>'customerPhone', (p_entry->>'partySize')::int,
          p_entry->>'notes', p_entry->>'customerEmail', p_entry->>'platform',
          v_max + (p_entry->>'rankStep')::float8, p_entry->>'sessionId', v_ticket,
          p_entry->>'verificationCode', p_entry->>'idempotencyKey',
          (p_entry->>'serviceTypeId')::uuid, (p_entry->>'serviceDate')::date,
          p_entry->>'locale', case when v_waiting <= v_almost then now() end)
        returning e.joined_at into v_joined;
      insert into outbox (id, tenant_id, type, payload, pending, status, done_at)
        values ((p_event->>'id')::uuid, (p_event->>'tenantId')::uuid, p_event->>'type',
          p_event->'payload', array(select jsonb_array_elements_text(p_event->'pending')),
          case when jsonb_array_length(p_event->'pending') > 0 then 'pending' else 'done' end,
          case when jsonb_array_length(p_event->'pending') > 0 then null else now() end);
      return query select 'joined'::text, v_live, null::text, null::text, v_ticket, v_joined,
        v_max + (p_entry->>'rankStep')::float8;
    end
    $$`.execute(db);
}

/** Back to the join that leaves the mark to the outbox handler. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await joinFunctionV1("create or replace").execute(db);
}
