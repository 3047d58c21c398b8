import { type Kysely, sql } from "kysely";
import { grantPlatformAccess } from "./20261125000000_platform_role.ts";
import { up as joinMarksAlmost } from "./20261204000000_join_marks_almost.ts";

/**
 * Each queue's live and waiting counts, kept by the database itself, so a join reads two numbers
 * instead of counting its whole line under the queue's lock (issue 12: that count was O(n) in the
 * line, ~0.5 ms of PostgreSQL's time per join with ~500 live, and the next join on the queue
 * waited for it).
 *
 * - `queue_line_counts`: one row per queue that has had an entry; a tenant table like the others
 *   (row-level security, the platform's access).
 * - A trigger on `queue_entries` adds each change of an entry's liveness (insert, status change,
 *   delete, a move to another queue) to its queue's row. It is deferred to the commit, so the
 *   counts row is the last lock a transaction takes: a transaction that changes several entries
 *   takes their row locks first, and two transactions never wait on each other's entry and
 *   counts row in opposite orders. At the commit the tenant a function set for its statement is
 *   gone, so the trigger sets the changed row's own tenant for its write and puts back what it
 *   found. Being deferred, the counts a transaction reads leave out its own earlier changes: the
 *   app joins only in a transaction of the join's own (`join_queue_entry_as`). TRUNCATE and
 *   `session_replication_role = replica` fire no row trigger; nothing here uses either.
 * - `join_queue_entry` reads the counts, and the line's highest rank from the queue's
 *   `(queue_id, status, sort_rank)` index, instead of scanning the line; and it looks the phone
 *   up in the live-phone index one form at a time (its `= any(…)` was a filter over the line).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table queue_line_counts (
    queue_id uuid primary key references queues(id) on delete cascade,
    tenant_id uuid not null references tenants(id) on delete cascade,
    live int not null default 0,
    waiting int not null default 0
  )`.execute(db);
  await sql`create index queue_line_counts_tenant_idx on queue_line_counts (tenant_id)`
    .execute(db);
  await sql`alter table queue_line_counts enable row level security`.execute(db);
  await sql`alter table queue_line_counts force row level security`.execute(db);
  await sql`create policy tenant_isolation on queue_line_counts
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`
    .execute(db);
  await sql`grant select, insert, update, delete on queue_line_counts to qms_app`.execute(db);
  await grantPlatformAccess(db, "queue_line_counts");

  // A trigger function: nothing can call it but the triggers (a plain function taking a tenant
  // would let any caller move another tenant's counts).
  await sql`create or replace function queue_line_counts_track() returns trigger
    language plpgsql volatile as $$
    declare
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
      v_queues uuid[] := '{}';
      v_tenants uuid[] := '{}';
      v_live int[] := '{}';
      v_waiting int[] := '{}';
      v_old_live int := 0;
      v_old_waiting int := 0;
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        v_old_live := (old.status in ('waiting', 'called'))::int;
        v_old_waiting := (old.status = 'waiting')::int;
      end if;
      if tg_op = 'UPDATE' and old.queue_id = new.queue_id then
        v_queues := array[new.queue_id];
        v_tenants := array[new.tenant_id];
        v_live := array[(new.status in ('waiting', 'called'))::int - v_old_live];
        v_waiting := array[(new.status = 'waiting')::int - v_old_waiting];
      else
        if tg_op in ('UPDATE', 'DELETE') then
          v_queues := array[old.queue_id];
          v_tenants := array[old.tenant_id];
          v_live := array[-v_old_live];
          v_waiting := array[-v_old_waiting];
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          -- A move between queues takes the two rows in the order of their ids.
          if tg_op = 'UPDATE' and new.queue_id < old.queue_id then
            v_queues := array[new.queue_id] || v_queues;
            v_tenants := array[new.tenant_id] || v_tenants;
            v_live := array[(new.status in ('waiting', 'called'))::int] || v_live;
            v_waiting := array[(new.status = 'waiting')::int] || v_waiting;
          else
            v_queues := v_queues || new.queue_id;
            v_tenants := v_tenants || new.tenant_id;
            v_live := v_live || (new.status in ('waiting', 'called'))::int;
            v_waiting := v_waiting || (new.status = 'waiting')::int;
          end if;
        end if;
      end if;
      for i in 1 .. coalesce(array_length(v_queues, 1), 0) loop
        continue when v_live[i] = 0 and v_waiting[i] = 0;
        perform set_config('app.tenant_id', v_tenants[i]::text, true);
        update queue_line_counts c
          set live = c.live + v_live[i], waiting = c.waiting + v_waiting[i]
          where c.queue_id = v_queues[i];
        if not found then
          -- A queue deleted in this transaction takes its counts with it.
          insert into queue_line_counts as c (queue_id, tenant_id, live, waiting)
            select v_queues[i], v_tenants[i], v_live[i], v_waiting[i]
            where exists (select 1 from queues q where q.id = v_queues[i])
            on conflict (queue_id) do update
              set live = c.live + excluded.live, waiting = c.waiting + excluded.waiting;
        end if;
      end loop;
      perform set_config('app.tenant_id', v_tenant, true);
      return null;
    end
    $$`.execute(db);

  await sql`create constraint trigger queue_line_counts_insert
    after insert on queue_entries deferrable initially deferred
    for each row when (new.status in ('waiting', 'called'))
    execute function queue_line_counts_track()`.execute(db);
  await sql`create constraint trigger queue_line_counts_update
    after update of status, queue_id on queue_entries deferrable initially deferred
    for each row when (old.status is distinct from new.status
      or old.queue_id is distinct from new.queue_id)
    execute function queue_line_counts_track()`.execute(db);
  await sql`create constraint trigger queue_line_counts_delete
    after delete on queue_entries deferrable initially deferred
    for each row when (old.status in ('waiting', 'called'))
    execute function queue_line_counts_track()`.execute(db);

  // The lines as they stand. The owner that migrates is bound by the forced policies like the
  // app (a superuser is not): without lifting them for the count, it would count no tenant's
  // entries and start every line at zero. All of it inside the migration's transaction.
  await sql`alter table queue_entries no force row level security`.execute(db);
  await sql`alter table queue_line_counts no force row level security`.execute(db);
  await sql`insert into queue_line_counts (queue_id, tenant_id, live, waiting)
    select e.queue_id, e.tenant_id, count(*), count(*) filter (where e.status = 'waiting')
    from queue_entries e where e.status in ('waiting', 'called')
    group by e.queue_id, e.tenant_id`.execute(db);
  await sql`alter table queue_entries force row level security`.execute(db);
  await sql`alter table queue_line_counts force row level security`.execute(db);

  await joinFunction().execute(db);
}

/** `join_queue_entry` of `20261204000000_join_marks_almost.ts`, reading the kept counts. */
function joinFunction() {
  return sql`create or replace function join_queue_entry(
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
      select c.live, c.waiting into v_live, v_waiting
        from queue_line_counts c where c.queue_id = p_queue;
      v_live := coalesce(v_live, 0);
      v_waiting := coalesce(v_waiting, 0);
      -- Two probes of the queue's (queue_id, status, sort_rank) index, not a scan of the line.
      -- Written as ORDER BY … LIMIT 1, not max(): with a new queue's rows not yet in the
      -- statistics, the planner took max() through the live-phone index, a scan of the line.
      v_max := coalesce(greatest(
        (select e.sort_rank from queue_entries e
          where e.queue_id = p_queue and e.status = 'waiting' order by e.sort_rank desc limit 1),
        (select e.sort_rank from queue_entries e
          where e.queue_id = p_queue and e.status = 'called' order by e.sort_rank desc limit 1)),
        0);
      -- One probe of the live-phone index per form of the number: written as = any(…), the
      -- planner kept the phones as a filter over the queue's whole live line.
      select s.session_id into v_same
        from jsonb_array_elements_text(p_entry->'phoneForms') as ph(phone)
        cross join lateral (select e.session_id from queue_entries e
          where e.queue_id = p_queue and e.customer_phone = ph.phone
            and e.status in ('waiting', 'called') offset 0) s
        limit 1;
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
    $$`;
}

/** Back to the join that counts its line, without the kept counts. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await joinMarksAlmost(db);
  await sql`drop trigger if exists queue_line_counts_insert on queue_entries`.execute(db);
  await sql`drop trigger if exists queue_line_counts_update on queue_entries`.execute(db);
  await sql`drop trigger if exists queue_line_counts_delete on queue_entries`.execute(db);
  await sql`drop function if exists queue_line_counts_track()`.execute(db);
  await sql`drop table if exists queue_line_counts`.execute(db);
}
