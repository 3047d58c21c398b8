import { type Kysely, sql } from "kysely";

/**
 * `call_next_as`: staff's "Call next" as one statement that is its own transaction, as
 * `join_queue_entry_as` is for a join (issue 12: a staff call reaching 64 open pages within
 * 10 ms). Sent as five round trips (BEGIN with the tenant, the queue's lock, the call, the
 * audit row with the event, COMMIT), the call spent ~6 ms of its ~9 ms waiting for them on this
 * machine, where each one wakes a sleeping process on the other CPU.
 *
 * It sets what `withTenant` sets (the app role and `app.tenant_id`, local to the transaction),
 * locks the queue (a deleted one answers `missing`), calls the head of the line (a party that
 * left meanwhile is passed over, three tries, as `callFirstWaiting` did; none left answers
 * `nobody_waiting`), and writes the audit row and the `entry.called` event with the called
 * party's id. Nothing is written unless a party is called. Meant to be sent outside a
 * transaction; inside one it puts the role and tenant it found back when done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await callNextFunction("literal").execute(db);
  // Planned once per connection, as the join's functions are (20261209200000_generic_plans.ts).
  await sql`alter function call_next_as(uuid, uuid, jsonb, jsonb)
    set plan_cache_mode = force_generic_plan`.execute(db);
}

/**
 * The function's text. `recheck` is how the called row's status is checked again by its id:
 * against the literal `'waiting'` (this migration's), or against a PL/pgSQL variable, a
 * parameter to the function's generic plan (20261212000000_line_end_plans.ts). Both migrations
 * run this text: change it only by adding a variant, never by editing what one renders.
 */
export function callNextFunction(recheck: "literal" | "variable") {
  const declareWaiting = sql.raw(
    recheck === "variable" ? "\n      v_waiting text := 'waiting';" : "",
  );
  const waiting = sql.raw(recheck === "variable" ? "v_waiting" : "'waiting'");
  return sql`create or replace function call_next_as(
      p_tenant uuid, p_queue uuid, p_event jsonb, p_audit jsonb)
    returns table (outcome text, queue_name text, average_service_time int,
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
      v_entry queue_entries;
      v_pending jsonb := coalesce(p_event->'pending', '[]'::jsonb);${declareWaiting}
    begin
      if (p_event->>'tenantId')::uuid is distinct from p_tenant
        or (p_audit->>'tenantId')::uuid is distinct from p_tenant then
        raise exception 'call_next_as: the event and audit row must be of tenant %', p_tenant;
      end if;
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      select q.name, q.average_service_time, q.allow_cancellation, q.require_confirmation
        into v_queue
        from queues q where q.id = p_queue and q.deleted_at is null
        for update;
      if not found then
        perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
        return query select 'missing'::text, null::text, null::int, null::boolean, null::boolean,
          null::uuid, null::uuid, null::text, null::text, null::int, null::text, null::text,
          null::text, null::text, null::float8, null::text, null::timestamptz, null::timestamptz,
          null::timestamptz, null::uuid, null::int, null::text;
        return;
      end if;
      for attempt in 1..3 loop
        -- The head's row is locked by the subquery, then called if still waiting.
        update queue_entries e set status = 'called', called_at = now(), version = e.version + 1
          where e.id = (
            select head.id from queue_entries head
            where head.queue_id = p_queue and head.status = 'waiting'
            order by head.sort_rank limit 1
            for update)
          and e.status = ${waiting}
          returning e.* into v_entry;
        exit when v_entry.id is not null;
      end loop;
      if v_entry.id is null then
        perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
        return query select 'nobody_waiting'::text, null::text, null::int, null::boolean,
          null::boolean, null::uuid, null::uuid, null::text, null::text, null::int, null::text,
          null::text, null::text, null::text, null::float8, null::text, null::timestamptz,
          null::timestamptz, null::timestamptz, null::uuid, null::int, null::text;
        return;
      end if;
      insert into audit_logs (tenant_id, user_id, user_type, action, resource, resource_id,
          details, ip_address, user_agent)
        values (p_tenant, (p_audit->>'userId')::uuid, p_audit->>'userType', p_audit->>'action',
          p_audit->>'resource', v_entry.id::text,
          coalesce(p_audit->'details', '{}'::jsonb)
            || jsonb_build_object('ticketNumber', v_entry.ticket_number),
          p_audit->>'ipAddress', p_audit->>'userAgent');
      insert into outbox (id, tenant_id, type, payload, pending, status, done_at)
        values ((p_event->>'id')::uuid, p_tenant, p_event->>'type',
          coalesce(p_event->'payload', '{}'::jsonb)
            || jsonb_build_object('entryId', v_entry.id::text),
          array(select jsonb_array_elements_text(v_pending)),
          case when jsonb_array_length(v_pending) > 0 then 'pending' else 'done' end,
          case when jsonb_array_length(v_pending) > 0 then null else now() end);
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
      return query select 'called'::text, v_queue.name::text, v_queue.average_service_time::int,
        v_queue.allow_cancellation, v_queue.require_confirmation, v_entry.id, v_entry.queue_id,
        v_entry.customer_name::text, v_entry.customer_phone::text, v_entry.party_size::int,
        v_entry.notes::text, v_entry.status::text, v_entry.session_id::text,
        v_entry.ticket_number::text, v_entry.sort_rank::float8, v_entry.verification_code::text,
        v_entry.joined_at, v_entry.called_at, v_entry.confirmed_at, v_entry.service_type_id,
        v_entry.version::int, v_entry.platform::text;
    end
    $$`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists call_next_as(uuid, uuid, jsonb, jsonb)`.execute(db);
}
