import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { notFoundError } from "../errors.ts";
import { slugProblem } from "./slug_rules.ts";
import { findTenantRecord, listTenantsPage, slugTaken } from "./tenant_admin_repo.ts";
import { tenantActivity, tenantQueues, tenantUsage, tenantUsersOf } from "./tenant_details_repo.ts";
import type { TenantListQuery } from "./tenant_schema.ts";

export function listTenants(db: Kysely<Database>, query: TenantListQuery) {
  return withPlatform(db, (trx) => listTenantsPage(trx, query));
}

/** Whether a subdomain can be taken now, and why not: the create form asks as one types. */
export async function checkSlug(
  db: Kysely<Database>,
  raw: string,
): Promise<{ available: boolean; reason?: string }> {
  const slug = raw.trim().toLowerCase();
  const problem = slugProblem(slug);
  if (problem) return { available: false, reason: problem };
  const taken = await withPlatform(db, (trx) => slugTaken(trx, slug));
  return taken ? { available: false, reason: "This subdomain is taken" } : { available: true };
}

export type TenantDetails = Awaited<ReturnType<typeof tenantDetails>>;

/** Everything the details page shows: the tenant, usage against its limits, queues, users. */
export function tenantDetails(db: Kysely<Database>, id: string) {
  return withPlatform(db, async (trx) => {
    const tenant = await findTenantRecord(trx, id);
    if (!tenant) throw notFoundError("tenant");
    const [usage, queues, users, activity] = [
      await tenantUsage(trx, id),
      await tenantQueues(trx, id),
      await tenantUsersOf(trx, id),
      await tenantActivity(trx, id),
    ];
    return { tenant, usage, queues, users, activity };
  });
}
