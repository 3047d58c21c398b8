import { type Kysely, sql } from "kysely";
import { up as settleAsOneJoin } from "./20261206000000_settle_outbox_function.ts";

/**
 * The functions that run on every join and every notification round plan their statements once
 * per connection (`plan_cache_mode = force_generic_plan`), not on every call (issue 12).
 *
 * PL/pgSQL plans a statement that takes the function's arguments anew on each of the first five
 * calls, then keeps a generic plan only if it looks no dearer than those: with an array argument
 * (`unnest(p_ids)`: ten rows to a generic plan, the array's own length to a custom one) it never
 * does, and planned again on every call. `notify_entries_as` spent ~0.6 ms planning its one query
 * for ~0.06 ms running it (psql, 300 calls: 950 µs a call against 550 µs with this setting, 310 µs
 * for an empty PL/pgSQL function). Every statement in these functions looks rows up by key
 * (a queue, an entry, an event, a phone), so the generic plan is the one the custom plans chose.
 *
 * `settle_outbox` now settles row by row, each an update by the outbox's primary key: as one
 * update joined with `jsonb_to_recordset` (a hundred rows to the planner, whatever the call
 * holds) it hashed every pending row of the outbox, custom plan or generic, so each settlement
 * grew with the backlog it was working off.
 *
 * `create or replace function` drops the setting: a migration that replaces one of these
 * functions sets it again.
 */
const HOT_FUNCTIONS = [
  "join_queue_entry_as(uuid, uuid, text, boolean, jsonb, jsonb)",
  "join_queue_entry(uuid, text, boolean, jsonb, jsonb)",
  "notify_entries_as(uuid, uuid[])",
  "phone_reaches_as(uuid, text[])",
  "deliver_system_chat_as(uuid, jsonb)",
  "set_quoted_waits_as(uuid, uuid[], int[])",
  "settle_outbox(jsonb)",
  "queue_line_counts_track()",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function settle_outbox(p_rows jsonb)
    returns table (id uuid)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
      v record;
    begin
      perform set_config('role', 'qms_platform', true), set_config('app.tenant_id', '', true),
        set_config('synchronous_commit', 'off', true);
      for v in select * from jsonb_to_recordset(p_rows) as x(
          id uuid, attempts integer, pending text[], status text, last_error text,
          retry_secs double precision) loop
        return query
          update outbox o set pending = v.pending, status = v.status, last_error = v.last_error,
            locked_until = null, run_at = now() + make_interval(secs => v.retry_secs),
            done_at = case when v.status = 'done' then now() end
          where o.id = v.id and o.attempts = v.attempts and o.status = 'pending'
          returning o.id;
      end loop;
      -- Called inside a transaction after all, the rest of it keeps its own role and tenant.
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);
  for (const fn of HOT_FUNCTIONS) {
    await sql`alter function ${sql.raw(fn)} set plan_cache_mode = force_generic_plan`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const fn of HOT_FUNCTIONS) {
    await sql`alter function ${sql.raw(fn)} reset plan_cache_mode`.execute(db);
  }
  await settleAsOneJoin(db);
}
