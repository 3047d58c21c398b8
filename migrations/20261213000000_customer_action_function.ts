import { type Kysely, sql } from "kysely";

/**
 * `customer_action_as`: a customer's own action on their ticket (leaving the queue, or saying
 * they are on their way once called), found by the ticket's session id, as one statement that is
 * its own transaction, as `entry_action_as` is for staff. Sent as BEGIN with the tenant, the
 * entry's lock, the queue's read, the update, the audit row, the event and COMMIT, each action
 * waited for seven round trips.
 *
 * It sets what `withTenant` sets (the app role and `app.tenant_id`, local to the transaction)
 * and locks the entry (a staff action on the same party waits, or is waited for). It answers
 * `missing` for a session id that names no entry of this tenant (or one whose queue is deleted);
 * for `cancel`, `not_allowed` when the queue does not let customers leave and `refused` with the
 * status when the entry is neither waiting nor called; for `confirm`, `refused` when the entry is
 * not called and `unchanged` with the row when it was confirmed already; otherwise `done` with
 * the row. The audit row and the event get the entry's id, queue and ticket filled in. Nothing is
 * written unless the entry changes. Meant to be sent outside a transaction; inside one it puts
 * the role and tenant it found back when done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function customer_action_as(
      p_tenant uuid, p_session text, p_action text, p_event jsonb, p_audit jsonb)
    returns table (outcome text, from_status text, queue_name text, average_service_time int,
      allow_cancellation boolean, require_confirmation boolean, id uuid, queue_id uuid,
      customer_name text, customer_phone text, party_size int, notes text, status text,
      session_id text, ticket_number text, sort_rank float8, verification_code text,
      joined_at timestamptz, called_at timestamptz, confirmed_at timestamptz,
      service_type_id uuid, version int, platform text)
    language plpgsql volatile as $$
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
      v_queue record;
      v_queue_found boolean := false;
      v_entry queue_entries;
      v_from text;
      v_outcome text;
      v_details jsonb;
      v_pending jsonb := coalesce(p_event->'pending', '[]'::jsonb);
    begin
      if p_action not in ('cancel', 'confirm') then
        raise exception 'customer_action_as: unknown action %', p_action;
      end if;
      if (p_event->>'tenantId')::uuid is distinct from p_tenant
        or (p_audit->>'tenantId')::uuid is distinct from p_tenant then
        raise exception 'customer_action_as: the event and audit row must be of tenant %', p_tenant;
      end if;
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      select * into v_entry from queue_entries e where e.session_id = p_session for update;
      if v_entry.id is not null then
        select q.name, q.average_service_time, q.allow_cancellation, q.require_confirmation
          into v_queue
          from queues q where q.id = v_entry.queue_id and q.deleted_at is null;
        v_queue_found := found;
      end if;
      v_from := v_entry.status::text;
      if not v_queue_found then
        v_outcome := 'missing';
      elsif p_action = 'cancel' and not v_queue.allow_cancellation then
        v_outcome := 'not_allowed';
      elsif p_action = 'cancel' and v_from not in ('waiting', 'called') then
        v_outcome := 'refused';
      elsif p_action = 'confirm' and v_from <> 'called' then
        v_outcome := 'refused';
      elsif p_action = 'confirm' and v_entry.confirmed_at is not null then
        v_outcome := 'unchanged';
      else
        v_outcome := 'done';
      end if;
      if v_outcome = 'done' then
        if p_action = 'cancel' then
          update queue_entries e set status = 'cancelled', version = e.version + 1
            where e.id = v_entry.id returning e.* into v_entry;
          v_details := jsonb_build_object('queueId', v_entry.queue_id::text,
            'ticketNumber', v_entry.ticket_number, 'from', v_from, 'to', 'cancelled');
        else
          update queue_entries e set confirmed_at = now(), version = e.version + 1
            where e.id = v_entry.id returning e.* into v_entry;
          v_details := jsonb_build_object('queueId', v_entry.queue_id::text,
            'ticketNumber', v_entry.ticket_number);
        end if;
        insert into audit_logs (tenant_id, user_id, user_type, action, resource, resource_id,
            details, ip_address, user_agent)
          values (p_tenant, (p_audit->>'userId')::uuid, p_audit->>'userType',
            p_audit->>'action', p_audit->>'resource', v_entry.id::text,
            coalesce(p_audit->'details', '{}'::jsonb) || v_details,
            p_audit->>'ipAddress', p_audit->>'userAgent');
        insert into outbox (id, tenant_id, type, payload, pending, status, done_at)
          values ((p_event->>'id')::uuid, p_tenant, p_event->>'type',
            coalesce(p_event->'payload', '{}'::jsonb)
              || jsonb_build_object('queueId', v_entry.queue_id::text,
                'entryId', v_entry.id::text),
            array(select jsonb_array_elements_text(v_pending)),
            case when jsonb_array_length(v_pending) > 0 then 'pending' else 'done' end,
            case when jsonb_array_length(v_pending) > 0 then null else now() end);
      end if;
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
      if v_outcome in ('missing', 'not_allowed', 'refused') then
        return query select v_outcome, v_from, null::text, null::int, null::boolean,
          null::boolean, null::uuid, null::uuid, null::text, null::text, null::int, null::text,
          null::text, null::text, v_entry.ticket_number::text, null::float8, null::text,
          null::timestamptz, null::timestamptz, null::timestamptz, null::uuid, null::int,
          null::text;
        return;
      end if;
      return query select v_outcome, v_from, v_queue.name::text,
        v_queue.average_service_time::int, v_queue.allow_cancellation,
        v_queue.require_confirmation, v_entry.id, v_entry.queue_id, v_entry.customer_name::text,
        v_entry.customer_phone::text, v_entry.party_size::int, v_entry.notes::text,
        v_entry.status::text, v_entry.session_id::text, v_entry.ticket_number::text,
        v_entry.sort_rank::float8, v_entry.verification_code::text, v_entry.joined_at,
        v_entry.called_at, v_entry.confirmed_at, v_entry.service_type_id, v_entry.version::int,
        v_entry.platform::text;
    end
    $$`.execute(db);
  // Planned once per connection, as the join's functions are (20261209200000_generic_plans.ts).
  await sql`alter function customer_action_as(uuid, text, text, jsonb, jsonb)
    set plan_cache_mode = force_generic_plan`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists customer_action_as(uuid, text, text, jsonb, jsonb)`
    .execute(db);
}
