import { type Kysely, sql } from "kysely";

/**
 * `set_quoted_waits_as`: the waits quoted to parties that just joined, written as one statement
 * that is its own transaction. It sets what `withTenant` sets (the app role and the tenant for
 * the row-level security policies), so the write a join's answer waits for costs one round trip
 * instead of three (issue 12). Meant to be sent outside a transaction; inside one it puts the
 * role and tenant it found back when done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function set_quoted_waits_as(
      p_tenant uuid, p_ids uuid[], p_minutes int[])
    returns void
    language plpgsql volatile as $$
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      update queue_entries e set quoted_wait_minutes = v.minutes
        from (select unnest(p_ids) as id, unnest(p_minutes) as minutes) v
        where e.id = v.id and e.quoted_wait_minutes is null;
      -- Called inside a transaction after all, the rest of it keeps its own role and tenant.
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists set_quoted_waits_as(uuid, uuid[], int[])`.execute(db);
}
