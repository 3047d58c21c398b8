import type { Kysely } from "kysely";
import type { Database } from "../../lib/db/schema.ts";

/** Platform changes the tests make as the owner (the back office will make them in the app). */
export async function setTenantActive(owner: Kysely<Database>, slug: string, active: boolean) {
  await owner.updateTable("tenants").set({ isActive: active }).where("slug", "=", slug).execute();
}

export async function setTenantDomain(
  owner: Kysely<Database>,
  slug: string,
  domain: string | null,
) {
  await owner.updateTable("tenants").set({ domain }).where("slug", "=", slug).execute();
}
