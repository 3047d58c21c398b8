import { sql } from "kysely";
import type { Plan } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";
import type { PlanTerms } from "./plan_terms.ts";

/** Platform-path SQL for the back office's tenant pages: every query names its tenant. */

export interface TenantListFilter {
  q?: string;
  status?: "active" | "inactive";
  plan?: Plan;
  sort: "name" | "slug" | "createdAt" | "plan";
  dir: "asc" | "desc";
  page: number;
  perPage: number;
}

export interface TenantListRow {
  id: string;
  name: string;
  slug: string;
  domain: string | null;
  isActive: boolean;
  createdAt: Date;
  plan: Plan | null;
  ownerEmail: string | null;
}

export async function listTenantsPage(
  trx: Tx,
  f: TenantListFilter,
): Promise<{ rows: TenantListRow[]; total: number }> {
  let q = trx.selectFrom("tenants as t")
    .leftJoin("tenantSubscriptions as s", "s.tenantId", "t.id");
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("t.name", "ilike", like),
        eb("t.slug", "ilike", like),
        eb("t.domain", "ilike", like),
        eb.exists(
          eb.selectFrom("tenantUsers as u").select("u.id").whereRef("u.tenantId", "=", "t.id")
            .where("u.role", "=", "OWNER").where("u.email", "ilike", like),
        ),
      ])
    );
  }
  if (f.status) q = q.where("t.isActive", "=", f.status === "active");
  if (f.plan) q = q.where("s.plan", "=", f.plan);
  const count = await q.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  const sortColumn = {
    name: "t.name",
    slug: "t.slug",
    createdAt: "t.createdAt",
    plan: "s.plan",
  } as const;
  const rows = await q.select([
    "t.id",
    "t.name",
    "t.slug",
    "t.domain",
    "t.isActive",
    "t.createdAt",
    "s.plan",
    (eb) =>
      eb.selectFrom("tenantUsers as o").select("o.email").whereRef("o.tenantId", "=", "t.id")
        .where("o.role", "=", "OWNER").orderBy("o.createdAt").limit(1).as("ownerEmail"),
  ]).orderBy(sortColumn[f.sort], f.dir).orderBy("t.id")
    .limit(f.perPage).offset((f.page - 1) * f.perPage).execute();
  return { rows: rows as TenantListRow[], total: count.n };
}

export interface TenantRecord {
  id: string;
  name: string;
  slug: string;
  domain: string | null;
  isActive: boolean;
  createdAt: Date;
  subscription: SubscriptionRecord | null;
}

export interface SubscriptionRecord extends Omit<PlanTerms, "priceMonthly"> {
  plan: Plan;
  status: string;
  billingCycle: string;
  startDate: Date;
  endDate: Date | null;
}

const SUBSCRIPTION_COLUMNS = [
  "plan",
  "status",
  "billingCycle",
  "startDate",
  "endDate",
  "maxMerchants",
  "maxQueuesPerMerchant",
  "maxUsersPerTenant",
  "analytics",
  "customBranding",
  "aiFeatures",
  "prioritySupport",
] as const;

/** The tenant and its subscription; `lock` holds the tenant row until the transaction ends. */
export async function findTenantRecord(
  trx: Tx,
  id: string,
  lock = false,
): Promise<TenantRecord | null> {
  let q = trx.selectFrom("tenants")
    .select(["id", "name", "slug", "domain", "isActive", "createdAt"]).where("id", "=", id);
  if (lock) q = q.forUpdate();
  const tenant = await q.executeTakeFirst();
  if (!tenant) return null;
  const sub = await trx.selectFrom("tenantSubscriptions").select(SUBSCRIPTION_COLUMNS)
    .where("tenantId", "=", id).executeTakeFirst();
  return { ...tenant, subscription: (sub as SubscriptionRecord | undefined) ?? null };
}

export async function slugTaken(trx: Tx, slug: string): Promise<boolean> {
  const row = await trx.selectFrom("tenants").select("id").where("slug", "=", slug)
    .executeTakeFirst();
  return !!row;
}

export async function domainOwner(trx: Tx, domain: string): Promise<string | null> {
  const row = await trx.selectFrom("tenants").select("id").where("domain", "=", domain)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertTenantRow(
  trx: Tx,
  t: { name: string; slug: string; domain: string | null },
): Promise<string> {
  const row = await trx.insertInto("tenants").values(t).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function insertSubscriptionRow(
  trx: Tx,
  tenantId: string,
  plan: Plan,
  terms: PlanTerms,
): Promise<void> {
  const { priceMonthly: _price, ...grants } = terms;
  await trx.insertInto("tenantSubscriptions").values({ tenantId, plan, ...grants }).execute();
}

export async function updateTenantRow(
  trx: Tx,
  id: string,
  change: { name?: string; slug?: string; domain?: string | null; isActive?: boolean },
): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await trx.updateTable("tenants").set({ ...change, updatedAt: sql`now()` }).where("id", "=", id)
    .execute();
}

export async function upsertSubscriptionRow(
  trx: Tx,
  tenantId: string,
  change: Partial<SubscriptionRecord>,
): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await trx.insertInto("tenantSubscriptions").values({ tenantId, ...change })
    .onConflict((oc) => oc.column("tenantId").doUpdateSet({ ...change, updatedAt: sql`now()` }))
    .execute();
}

export async function deleteTenantRow(trx: Tx, id: string): Promise<void> {
  await trx.deleteFrom("tenants").where("id", "=", id).execute();
}

/** Parties waiting or called right now in the tenant's queues. */
export async function countPeopleWaiting(trx: Tx, tenantId: string): Promise<number> {
  const row = await trx.selectFrom("queueEntries").select(sql<number>`count(*)::int`.as("n"))
    .where("tenantId", "=", tenantId).where("status", "in", ["waiting", "called"])
    .executeTakeFirstOrThrow();
  return row.n;
}
