import type { Tx } from "../db/transaction_repo.ts";

/** What the interim push handler words a notice from (tenant path). */
export async function findEntryForNotice(
  trx: Tx,
  entryId: string,
): Promise<{ sessionId: string; ticketNumber: string; status: string } | null> {
  const row = await trx.selectFrom("queueEntries").select(["sessionId", "ticketNumber", "status"])
    .where("id", "=", entryId).executeTakeFirst();
  return row ?? null;
}

/** The tenant's name and host (platform path: the tenant role cannot read `tenants`). */
export async function findTenantForNotice(
  trx: Tx,
  tenantId: string,
): Promise<{ name: string; slug: string; domain: string | null } | null> {
  const row = await trx.selectFrom("tenants").select(["name", "slug", "domain"])
    .where("id", "=", tenantId).executeTakeFirst();
  return row ?? null;
}
