import { type Kysely, sql } from "kysely";

/**
 * The "almost your turn" round as one statement that is its own transaction (issue 12): it ran
 * after every call, cancel, no-show, seat and reorder as a tenant transaction of four round
 * trips (BEGIN with the settings, `mark_almost_turn`, the outbox rows, COMMIT).
 * `almost_turn_round_as` sets what `withTenant` sets (the app role and `app.tenant_id`, so
 * row-level security holds as in any tenant transaction), marks the parties as
 * `mark_almost_turn` does, writes an `entry.almost_turn` event to the outbox for each (with the
 * durable handlers given), returns each party with its event's id, and puts back the role and
 * tenant it found. Of two rounds at once, only one marks (and so tells) each party, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create function almost_turn_round_as(p_tenant uuid, p_queue uuid, p_pending text[])
    returns table (id uuid, ahead int, event_id uuid)
    language plpgsql volatile
    set plan_cache_mode = force_generic_plan
    as $$
    #variable_conflict use_column
    declare
      v_role text := current_setting('role');
      v_tenant text := coalesce(current_setting('app.tenant_id', true), '');
      v_party record;
      v_event uuid;
      v_pending boolean := cardinality(p_pending) > 0;
    begin
      perform set_config('role', 'qms_app', true), set_config('app.tenant_id', p_tenant::text, true);
      for v_party in select m.id, m.ahead from mark_almost_turn(p_queue) m loop
        v_event := gen_random_uuid();
        insert into outbox (id, tenant_id, type, payload, pending, status, done_at)
        values (v_event, p_tenant, 'entry.almost_turn',
          jsonb_build_object('queueId', p_queue, 'entryId', v_party.id, 'ahead', v_party.ahead),
          p_pending, case when v_pending then 'pending' else 'done' end,
          case when v_pending then null else now() end);
        id := v_party.id;
        ahead := v_party.ahead;
        event_id := v_event;
        return next;
      end loop;
      perform set_config('role', v_role, true), set_config('app.tenant_id', v_tenant, true);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists almost_turn_round_as(uuid, uuid, text[])`.execute(db);
}
