import type { Kysely } from "kysely";
import type { Database, Plan, Role } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";

/** Platform rows, written on the owner's connection (the app role cannot create tenants). */
export async function findTenantIdBySlug(
  owner: Kysely<Database>,
  slug: string,
): Promise<string | null> {
  const row = await owner.selectFrom("tenants").select("id").where("slug", "=", slug)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertTenant(
  owner: Kysely<Database>,
  t: { name: string; slug: string; domain?: string | null },
): Promise<string> {
  const row = await owner.insertInto("tenants")
    .values({ name: t.name, slug: t.slug, domain: t.domain ?? null })
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertBackOfficeUser(
  owner: Kysely<Database>,
  u: { email: string; fullName: string; passwordHash: string },
): Promise<void> {
  await owner.insertInto("backOfficeUsers").values(u)
    .onConflict((oc) => oc.column("email").doNothing()).execute();
}

/** Tenant rows, written inside withTenant() like any other tenant write. */
export async function insertSubscription(
  trx: Tx,
  tenantId: string,
  plan: Plan,
  limits: { maxMerchants: number; maxQueuesPerMerchant: number; maxUsersPerTenant: number },
): Promise<void> {
  await trx.insertInto("tenantSubscriptions").values({
    tenantId,
    plan,
    ...limits,
    analytics: plan !== "FREE",
    aiFeatures: plan === "ENTERPRISE",
    customBranding: plan === "ENTERPRISE" || plan === "PREMIUM",
    prioritySupport: plan === "ENTERPRISE",
  }).execute();
}

export async function insertTenantUser(
  trx: Tx,
  u: { tenantId: string; email: string; fullName: string; role: Role; passwordHash: string },
): Promise<string> {
  const row = await trx.insertInto("tenantUsers").values(u).returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMerchant(
  trx: Tx,
  m: {
    tenantId: string;
    businessName: string;
    email: string;
    phone: string;
    businessType: string;
    timezone: string;
  },
): Promise<string> {
  const row = await trx.insertInto("merchants").values(m).returning("id").executeTakeFirstOrThrow();
  await trx.insertInto("merchantSettings").values({ tenantId: m.tenantId, merchantId: row.id })
    .execute();
  return row.id;
}

export async function insertQueue(
  trx: Tx,
  q: {
    tenantId: string;
    merchantId: string;
    name: string;
    description: string;
    averageServiceTime: number;
    maxCapacity: number;
    ticketPrefix: string;
    businessHoursStart: string;
    businessHoursEnd: string;
  },
): Promise<string> {
  const row = await trx.insertInto("queues").values(q).returning("id").executeTakeFirstOrThrow();
  return row.id;
}
