import { type Kysely, sql } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import type { Tx } from "../../lib/db/transaction_repo.ts";

/** Queries the RLS tests use to look at the database the way an attacker's query would. */
export async function countQueues(trx: Tx): Promise<number> {
  const r = await trx.selectFrom("queues").select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function listQueueTenantIds(trx: Tx): Promise<string[]> {
  const rows = await trx.selectFrom("queues").select("tenantId").execute();
  return rows.map((r) => r.tenantId);
}

export async function firstMerchantId(trx: Tx): Promise<string | null> {
  const r = await trx.selectFrom("merchants").select("id").executeTakeFirst();
  return r?.id ?? null;
}

export async function insertQueueRow(
  trx: Tx,
  row: { tenantId: string; merchantId: string; name: string },
): Promise<void> {
  await trx.insertInto("queues").values(row).execute();
}

export async function renameAllQueues(trx: Tx, name: string): Promise<number> {
  const r = await trx.updateTable("queues").set({ name }).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function currentRole(
  trx: Tx,
): Promise<{ name: string; super: boolean; bypass: boolean }> {
  const { rows } = await sql<{ name: string; super: boolean; bypass: boolean }>`
    select current_user as name, rolsuper as super, rolbypassrls as bypass
    from pg_roles where rolname = current_user`.execute(trx);
  return rows[0]!;
}

/**
 * Tables with a tenant_id column: whether row-level security is on and forced, whether the
 * tenant policy is there, and whether qms_platform has its own permissive policy and a grant.
 */
export async function tenantTablesRls(trx: Tx): Promise<
  Array<{
    table: string;
    enabled: boolean;
    forced: boolean;
    tenantPolicy: boolean;
    platformPolicy: boolean;
    platformCanRead: boolean;
  }>
> {
  const { rows } = await sql<{
    table: string;
    enabled: boolean;
    forced: boolean;
    tenantPolicy: boolean;
    platformPolicy: boolean;
    platformCanRead: boolean;
  }>`
    select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
      exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
        and p.policyname = 'tenant_isolation' and p.permissive = 'PERMISSIVE' and p.cmd = 'ALL'
        and p.roles = array['public']::name[]
        and p.qual like '%current_setting(''app.tenant_id''%'
        and p.with_check like '%current_setting(''app.tenant_id''%') as "tenantPolicy",
      exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname
        and p.permissive = 'PERMISSIVE' and p.cmd = 'ALL'
        and p.roles = array['qms_platform']::name[]
        and p.qual = 'true' and p.with_check = 'true') as "platformPolicy",
      has_table_privilege('qms_platform', c.oid, 'SELECT') as "platformCanRead"
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from information_schema.columns col
        where col.table_schema = 'public' and col.table_name = c.relname
          and col.column_name = 'tenant_id')
    order by 1`.execute(trx);
  return rows;
}

export async function firstQueueIdOf(trx: Tx): Promise<string | null> {
  const r = await trx.selectFrom("queues").select("id").executeTakeFirst();
  return r?.id ?? null;
}

/** The tenant and role a statement sent outside any transaction runs with. */
export async function settingsOutsideTransaction(
  db: Kysely<Database>,
): Promise<{ tenant: string; role: string }> {
  const { rows } = await sql<{ tenant: string; role: string }>`
    select coalesce(current_setting('app.tenant_id', true), '') as tenant,
      current_setting('role') as role`.execute(db);
  return rows[0]!;
}

export async function countEntriesNamed(trx: Tx, customerName: string): Promise<number> {
  const r = await trx.selectFrom("queueEntries").select(sql<number>`count(*)::int`.as("n"))
    .where("customerName", "=", customerName).executeTakeFirstOrThrow();
  return r.n;
}

export async function quotedWaitOf(trx: Tx, entryId: string): Promise<number | null> {
  const r = await trx.selectFrom("queueEntries").select("quotedWaitMinutes")
    .where("id", "=", entryId).executeTakeFirst();
  return r?.quotedWaitMinutes ?? null;
}

/** Web chat lines and delivery records the tenant sees that say `content`. */
export async function chatDeliveriesSaying(
  trx: Tx,
  content: string,
): Promise<{ lines: number; records: number }> {
  const lines = await trx.selectFrom("webChatMessages").select(sql<number>`count(*)::int`.as("n"))
    .where("content", "=", content).executeTakeFirstOrThrow();
  const records = await trx.selectFrom("notificationLogs")
    .select(sql<number>`count(*)::int`.as("n")).where("message", "=", content)
    .executeTakeFirstOrThrow();
  return { lines: lines.n, records: records.n };
}

/** Forgets that the tenant's waiting parties were told "almost your turn"; returns how many. */
export async function forgetAlmostTold(trx: Tx): Promise<number> {
  const res = await trx.updateTable("queueEntries").set({ almostNotifiedAt: null })
    .where("status", "=", "waiting").executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The tenant's outbox rows among `ids`, by id. */
export async function outboxRowsAmong(trx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return await trx.selectFrom("outbox")
    .select(["id", "type", "status", "pending", "payload", "doneAt"])
    .where("id", "in", ids).orderBy("id").execute();
}
