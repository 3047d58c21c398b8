import type { Plan } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";

/** Every tenant's subscription (platform path), filtered by plan and status. */
export function listSubscriptions(
  trx: Tx,
  f: { plan?: Plan; status?: string; page: number; perPage: number },
) {
  let q = trx.selectFrom("tenantSubscriptions as s").innerJoin("tenants as t", "t.id", "s.tenantId")
    .select([
      "t.id as tenantId",
      "t.name",
      "t.slug",
      "t.isActive",
      "s.plan",
      "s.status",
      "s.billingCycle",
      "s.startDate",
      "s.endDate",
      "s.maxMerchants",
      "s.maxQueuesPerMerchant",
      "s.maxUsersPerTenant",
      "s.analytics",
      "s.customBranding",
      "s.aiFeatures",
      "s.prioritySupport",
    ]);
  if (f.plan) q = q.where("s.plan", "=", f.plan);
  if (f.status) q = q.where("s.status", "=", f.status);
  return q.orderBy("t.name").orderBy("t.id").limit(f.perPage).offset((f.page - 1) * f.perPage)
    .execute();
}
