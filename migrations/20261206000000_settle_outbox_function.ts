import { type Kysely, sql } from "kysely";

/**
 * `settle_outbox`: the dispatcher's settlement of delivered rows as one statement that is its own
 * transaction. It sets what `withPlatform(db, fn, { waitForDisk: false })` sets (the platform
 * role, no tenant, a commit that does not wait for the disk), so a settlement costs one round
 * trip instead of three (issue 12: a busy night settles a few rows at a time, as they finish).
 * Meant to be sent outside a transaction; inside one it puts the role and tenant it found back
 * when done (the lazy commit stays: it only spares the wait for the disk).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function settle_outbox(p_rows jsonb)
    returns table (id uuid)
    language plpgsql volatile as $$
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      perform set_config('role', 'qms_platform', true), set_config('app.tenant_id', '', true),
        set_config('synchronous_commit', 'off', true);
      return query
        update outbox o set pending = v.pending, status = v.status, last_error = v.last_error,
          locked_until = null, run_at = now() + make_interval(secs => v.retry_secs),
          done_at = case when v.status = 'done' then now() end
        from jsonb_to_recordset(p_rows) as v(
          id uuid, attempts integer, pending text[], status text, last_error text,
          retry_secs double precision)
        where o.id = v.id and o.attempts = v.attempts and o.status = 'pending'
        returning o.id;
      -- Called inside a transaction after all, the rest of it keeps its own role and tenant.
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists settle_outbox(jsonb)`.execute(db);
}
