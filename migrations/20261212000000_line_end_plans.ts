import { type Kysely, sql } from "kysely";
import { callNextFunction } from "./20261210000000_call_next_function.ts";

/**
 * A call-next and the "almost your turn" round read their end of the line and their rows by id
 * whatever the planner's statistics say (issue 12; `deno run -A bench/line_plans.ts`).
 *
 * Every night the line empties. When the database takes stock at a quiet hour, the indexes of
 * live parties (`queue_entries_live_phone_idx`, `queue_entries_recover_idx`, partial on
 * `status in ('waiting', 'called')`) hold nothing, and the planner goes on believing them empty
 * until it takes stock again. A statement that checks `status = 'waiting'` may use them, since
 * that implies their predicate, and one believed empty costs less than any other index: call-next
 * found its party by id by reading the whole live-phone index (2,001 entries in a 2,000-party
 * line, ~1.4 ms), and so did the round (2,002).
 *
 * - The row found by id is checked again against a PL/pgSQL variable, not a literal: a parameter
 *   of the function's generic plan implies no predicate, so only the primary key finds the row.
 * - `call_next_as` and `mark_almost_turn` run with `enable_sort = off`: their only sorted reads
 *   are the line's front (`(queue_id, status, sort_rank)` gives it in order), so a plan that
 *   sorts the line, which a table believed tiny makes look as cheap, is never taken.
 * - The round (`markAlmostTurn`) is `mark_almost_turn`, and the check of a party put back
 *   (`markToldOnArrival`) is `mark_told_on_arrival`: each one statement as before, now in a
 *   function, planned once per connection (a party put back was found by reading the whole
 *   live-phone index too: 2,009 entries).
 * - A screen's latest calls come from `queue_entries_calling_idx` (the queue's called parties by
 *   time): with only the rank index, the planner took the live-phone index and a sort, the whole
 *   line again (2,009 entries for five waiting tickets and three calls; 9 now).
 * - autovacuum takes stock of `queue_entries` after 500 changed rows, not a tenth of the table
 *   (with a platform's history, that tenth is weeks of evenings).
 *
 * `create or replace function` drops these settings: a migration that replaces one of these
 * functions sets them again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await callNextFunction("variable").execute(db);
  await sql`alter function call_next_as(uuid, uuid, jsonb, jsonb)
    set plan_cache_mode = force_generic_plan`.execute(db);
  await sql`alter function call_next_as(uuid, uuid, jsonb, jsonb)
    set enable_sort = off`.execute(db);
  await sql`create function mark_almost_turn(p_queue uuid)
    returns table (id uuid, ahead int)
    language plpgsql volatile
    set plan_cache_mode = force_generic_plan
    set enable_sort = off
    as $$
    #variable_conflict use_column
    declare
      v_waiting text := 'waiting';
    begin
      return query
        with near as materialized (
          select e.id, (row_number() over (order by e.sort_rank) - 1)::int as ahead
          from queue_entries e
          where e.queue_id = p_queue and e.status = 'waiting'
          order by e.sort_rank
          limit coalesce((
            select q.almost_turn_ahead + 1 from queues q
            where q.id = p_queue and q.deleted_at is null and q.almost_turn_ahead > 0
          ), 0)
        )
        update queue_entries e set almost_notified_at = now()
        from near
        where e.id = any(array(select n.id from near n)) and e.id = near.id
          and e.status = v_waiting and e.almost_notified_at is null
        returning e.id, near.ahead;
    end
    $$`.execute(db);
  await sql`create function mark_told_on_arrival(p_entry uuid)
    returns void
    language plpgsql volatile
    set plan_cache_mode = force_generic_plan
    as $$
    declare
      v_waiting text := 'waiting';
    begin
      update queue_entries e set almost_notified_at = now()
      from queues q
      where e.id = p_entry and q.id = e.queue_id and e.status = v_waiting
        and (select count(*) from (
               select 1 from queue_entries o
               where o.queue_id = e.queue_id and o.status = v_waiting and o.sort_rank < e.sort_rank
               limit q.almost_turn_ahead + 1) as ahead)
          <= q.almost_turn_ahead;
    end
    $$`.execute(db);
  await sql`create index queue_entries_calling_idx on queue_entries (queue_id, called_at)
    where status = 'called'`.execute(db);
  await sql`alter table queue_entries set (
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 500)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table queue_entries reset (
    autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`.execute(db);
  await sql`drop index if exists queue_entries_calling_idx`.execute(db);
  await sql`drop function if exists mark_told_on_arrival(uuid)`.execute(db);
  await sql`drop function if exists mark_almost_turn(uuid)`.execute(db);
  await callNextFunction("literal").execute(db);
  await sql`alter function call_next_as(uuid, uuid, jsonb, jsonb)
    set plan_cache_mode = force_generic_plan`.execute(db);
}
