import { type Kysely, sql } from "kysely";

/**
 * `join_queue_entry_as`: the join of `20261204000000_join_marks_almost.ts` as one statement that
 * is its own transaction. It sets what `withTenant` sets (the app role and `app.tenant_id`, both
 * local to the transaction) and then joins, so a join sent outside BEGIN costs one round trip
 * instead of three, and the queue's lock is released when the statement ends inside the server,
 * not after the app's COMMIT has made its way back (issue 12: joins under load). Meant to be
 * sent outside a transaction; inside one it puts the role and tenant it found back when done.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function join_queue_entry_as(
      p_tenant uuid, p_queue uuid, p_terms text, p_allowed boolean, p_entry jsonb, p_event jsonb)
    returns table (outcome text, line_live int, phone_session text, replay_session text,
      ticket text, joined timestamptz, rank float8)
    language plpgsql volatile as $$
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
    begin
      if (p_entry->>'tenantId')::uuid is distinct from p_tenant
        or (p_event->>'tenantId')::uuid is distinct from p_tenant then
        raise exception 'join_queue_entry_as: the entry and event must be of tenant %', p_tenant;
      end if;
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      return query select * from join_queue_entry(p_queue, p_terms, p_allowed, p_entry, p_event);
      -- Called inside a transaction after all, the rest of it keeps its own role and tenant.
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists join_queue_entry_as(uuid, uuid, text, boolean, jsonb, jsonb)`
    .execute(db);
}
