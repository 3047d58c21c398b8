import { type Kysely, sql } from "kysely";

/**
 * Platform events (back-office sign-ins) are audit rows without a tenant. The app role may add
 * them only on the platform path (no tenant set), and a tenant can neither see nor forge them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create policy platform_audit_insert on audit_logs for insert
    with check (tenant_id is null and coalesce(current_setting('app.tenant_id', true), '') = '')`
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop policy if exists platform_audit_insert on audit_logs`.execute(db);
}
