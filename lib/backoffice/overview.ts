import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { listTenantsOverview } from "./backoffice_repo.ts";

/** Every tenant at a glance, read on the platform path (the back office's home page). */
export function loadTenantOverview(db: Kysely<Database>) {
  return withPlatform(db, listTenantsOverview);
}
