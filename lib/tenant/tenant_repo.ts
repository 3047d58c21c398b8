import type { Tx } from "../db/transaction_repo.ts";
import type { Plan } from "../db/schema.ts";

export interface TenantRow {
  id: string;
  name: string;
  slug: string;
  domain: string | null;
  isActive: boolean;
}

const COLUMNS = ["id", "name", "slug", "domain", "isActive"] as const;

export async function findTenantBySlug(trx: Tx, slug: string): Promise<TenantRow | null> {
  const row = await trx.selectFrom("tenants").select(COLUMNS).where("slug", "=", slug)
    .executeTakeFirst();
  return row ?? null;
}

export async function findTenantByDomain(trx: Tx, domain: string): Promise<TenantRow | null> {
  const row = await trx.selectFrom("tenants").select(COLUMNS).where("domain", "=", domain)
    .executeTakeFirst();
  return row ?? null;
}

/** The current tenant's plan (row-level security picks the row); FREE when none is on file. */
export async function findTenantPlan(trx: Tx): Promise<Plan> {
  const row = await trx.selectFrom("tenantSubscriptions").select(["plan", "status"])
    .executeTakeFirst();
  if (!row || row.status === "suspended" || row.status === "cancelled") return "FREE";
  return row.plan;
}

/** The current tenant's language for visitors and its time zone (of its main location). */
export async function findTenantLocaleSettings(
  trx: Tx,
): Promise<{ defaultLocale: string; timezone: string } | null> {
  const row = await trx.selectFrom("merchants").select(["defaultLocale", "timezone"])
    .where("isActive", "=", true).orderBy("createdAt").executeTakeFirst();
  return row ?? null;
}
