import { type Kysely, sql } from "kysely";

/**
 * Two statements that ran as transactions of three and four round trips on every staff action
 * (issue 12: a "Call next" cost ~20 round trips of the app's, each ~100 µs of its CPU):
 *
 * - `claim_outbox`: the outbox dispatcher's claim of due rows, as `withPlatform` ran it (the
 *   platform role, no tenant, a commit that does not wait for the disk), in one statement that
 *   is its own transaction, like `settle_outbox`. Every round of the outbox begins with it.
 * - `rollup_probe_as`: what the analytics roll-up handler needs to know that an entry's change
 *   leaves every rolled-up day as it is (nearly always: the entry joined today): the entry's
 *   queue and join time and the tenant's time zone, read under the tenant's row-level security
 *   as `withTenant` sets it. Only a change to an earlier day then opens the locked transaction.
 *
 * Both put back the role and tenant they found, as the other `…_as` functions do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function claim_outbox(p_lease_secs double precision, p_limit integer)
    returns table (id uuid, tenant_id uuid, type text, payload jsonb, pending text[],
      attempts integer, created_at timestamptz)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      perform set_config('role', 'qms_platform', true), set_config('app.tenant_id', '', true),
        set_config('synchronous_commit', 'off', true);
      return query
        update outbox o set attempts = o.attempts + 1,
          locked_until = now() + make_interval(secs => p_lease_secs)
        where o.id in (
          select d.id from outbox d
          where d.status = 'pending' and d.run_at <= now()
            and (d.locked_until is null or d.locked_until <= now())
          order by d.run_at
          limit p_limit
          for update skip locked
        )
        returning o.id, o.tenant_id, o.type, o.payload, o.pending, o.attempts, o.created_at;
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);

  await sql`create or replace function rollup_probe_as(p_tenant uuid, p_entry uuid)
    returns table (queue_id uuid, joined_at timestamptz, time_zone text)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      return query
        select e.queue_id, e.joined_at,
          coalesce((select m.timezone::text from merchants m where m.is_active
            order by m.created_at limit 1), 'UTC')
        from queue_entries e where e.id = p_entry;
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists rollup_probe_as(uuid, uuid)`.execute(db);
  await sql`drop function if exists claim_outbox(double precision, integer)`.execute(db);
}
