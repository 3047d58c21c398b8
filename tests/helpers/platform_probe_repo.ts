import { type Kysely, sql } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import type { Tx } from "../../lib/db/transaction_repo.ts";

/** Queries the platform-role tests use to look past or through row-level security. */
export async function listQueues(
  trx: Tx,
): Promise<Array<{ id: string; tenantId: string; name: string }>> {
  return await trx.selectFrom("queues").select(["id", "tenantId", "name"]).orderBy("name")
    .execute();
}

export async function findQueueName(trx: Tx, id: string): Promise<string | null> {
  const row = await trx.selectFrom("queues").select("name").where("id", "=", id)
    .executeTakeFirst();
  return row?.name ?? null;
}

export async function renameQueue(trx: Tx, id: string, name: string): Promise<number> {
  const r = await trx.updateTable("queues").set({ name }).where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Row count of a table as whoever runs it sees it (the owner sees every row). */
export async function countRows(db: Kysely<Database> | Tx, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`
    .execute(db);
  return rows[0]!.n;
}

/** Tables with row-level security enabled, as the catalogue lists them. */
export async function listRlsTables(db: Kysely<Database> | Tx): Promise<string[]> {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity order by 1`.execute(db);
  return rows.map((r) => r.table);
}

/** The restricted app role with no tenant set: what a tenant query that forgot its tenant sees. */
export function withAppRoleAndNoTenant<T>(
  db: Kysely<Database>,
  fn: (trx: Tx) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'qms_app', true), set_config('app.tenant_id', '', true)`
      .execute(trx);
    return await fn(trx);
  });
}

export async function platformRoleFacts(db: Kysely<Database> | Tx): Promise<
  { super: boolean; bypass: boolean; canLogin: boolean; appIsMember: boolean; appInherits: boolean }
> {
  const { rows } = await sql<
    {
      super: boolean;
      bypass: boolean;
      canLogin: boolean;
      appIsMember: boolean;
      appInherits: boolean;
    }
  >`
    select rolsuper as super, rolbypassrls as bypass, rolcanlogin as "canLogin",
      pg_has_role('qms_app', oid, 'MEMBER') as "appIsMember",
      pg_has_role('qms_app', oid, 'USAGE') as "appInherits"
    from pg_roles where rolname = 'qms_platform'`.execute(db);
  if (!rows[0]) throw new Error("role qms_platform does not exist");
  return rows[0];
}

export async function readTenantSlugs(trx: Tx): Promise<string[]> {
  const rows = await trx.selectFrom("tenants").select("slug").orderBy("slug").execute();
  return rows.map((r) => r.slug);
}

export async function findBackOfficeLastLogin(trx: Tx, email: string): Promise<Date | null> {
  const row = await trx.selectFrom("backOfficeUsers").select("lastLogin").where("email", "=", email)
    .executeTakeFirst();
  return row?.lastLogin ?? null;
}
