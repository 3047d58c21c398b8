import { type Kysely, sql } from "kysely";

/**
 * `entry_action_as`: a staff action on one entry (call, seat, complete, cancel, no-show) as one
 * statement that is its own transaction, as `call_next_as` is for "Call next". Sent as BEGIN
 * with the tenant, the queue's read, the entry's lock, the update, the audit row with the event
 * and COMMIT, each action waited for six round trips.
 *
 * It sets what `withTenant` sets (the app role and `app.tenant_id`, local to the transaction),
 * moves the entry to `p_to` only from one of `p_from` (the row's lock makes a second staff
 * member's action on the same party wait and then see the first one's result), stamps the time
 * the new status records, and writes the audit row (with the ticket and the status it left) and
 * the event. It answers `missing` for a queue or entry that is not there (deleted, another
 * tenant's), `refused` with the entry's status when the move is not allowed, `done` with the row.
 * Nothing is written unless the entry moves. Meant to be sent outside a transaction; inside one
 * it puts the role and tenant it found back when done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function entry_action_as(
      p_tenant uuid, p_queue uuid, p_entry uuid, p_from text[], p_to text,
      p_event jsonb, p_audit jsonb)
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
      v_from text;
      v_ticket text;
      v_entry queue_entries;
      v_pending jsonb := coalesce(p_event->'pending', '[]'::jsonb);
    begin
      if (p_event->>'tenantId')::uuid is distinct from p_tenant
        or (p_audit->>'tenantId')::uuid is distinct from p_tenant then
        raise exception 'entry_action_as: the event and audit row must be of tenant %', p_tenant;
      end if;
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      select q.name, q.average_service_time, q.allow_cancellation, q.require_confirmation
        into v_queue
        from queues q where q.id = p_queue and q.deleted_at is null;
      if found then
        -- Locked first, so the status it left is the one it had when it moved.
        select e.status::text, e.ticket_number::text into v_from, v_ticket
          from queue_entries e where e.id = p_entry and e.queue_id = p_queue
          for update;
      end if;
      if v_from is null or not (v_from = any(p_from)) then
        perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
        return query select case when v_from is null then 'missing' else 'refused' end::text,
          v_from, null::text, null::int, null::boolean, null::boolean, null::uuid, null::uuid,
          null::text, null::text, null::int, null::text, null::text, null::text, v_ticket,
          null::float8, null::text, null::timestamptz, null::timestamptz, null::timestamptz,
          null::uuid, null::int, null::text;
        return;
      end if;
      update queue_entries e set status = p_to, version = e.version + 1,
          called_at = case when p_to = 'called' then now() else e.called_at end,
          served_at = case when p_to = 'seated' then now() else e.served_at end,
          completed_at = case when p_to = 'completed' then now() else e.completed_at end
        where e.id = p_entry
        returning e.* into v_entry;
      insert into audit_logs (tenant_id, user_id, user_type, action, resource, resource_id,
          details, ip_address, user_agent)
        values (p_tenant, (p_audit->>'userId')::uuid, p_audit->>'userType', p_audit->>'action',
          p_audit->>'resource', p_audit->>'resourceId',
          coalesce(p_audit->'details', '{}'::jsonb)
            || jsonb_build_object('ticketNumber', v_entry.ticket_number, 'from', v_from),
          p_audit->>'ipAddress', p_audit->>'userAgent');
      insert into outbox (id, tenant_id, type, payload, pending, status, done_at)
        values ((p_event->>'id')::uuid, p_tenant, p_event->>'type',
          coalesce(p_event->'payload', '{}'::jsonb),
          array(select jsonb_array_elements_text(v_pending)),
          case when jsonb_array_length(v_pending) > 0 then 'pending' else 'done' end,
          case when jsonb_array_length(v_pending) > 0 then null else now() end);
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
      return query select 'done'::text, v_from, v_queue.name::text,
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
  await sql`alter function entry_action_as(uuid, uuid, uuid, text[], text, jsonb, jsonb)
    set plan_cache_mode = force_generic_plan`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists entry_action_as(uuid, uuid, uuid, text[], text, jsonb, jsonb)`
    .execute(db);
}
