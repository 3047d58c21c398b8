import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { tenantBatches } from "../db/tenant_batches.ts";
import { setQuotedWaits } from "./analytics_repo.ts";

interface Quote {
  entryId: string;
  minutes: number;
}

/** Per database, its quotes in rounds (see tenant_batches.ts). */
const writers = new WeakMap<Kysely<Database>, (tenantId: string, quote: Quote) => Promise<void>>();

/**
 * Writes the wait quoted to a party that just joined, and resolves once it is stored. Joins that
 * finish while one write is in flight share the next one (one transaction for all of a tenant's
 * quotes that arrived meanwhile), so a busy queue pays one commit per round, not one per join.
 */
export function writeQuotedWait(
  db: Kysely<Database>,
  tenantId: string,
  entryId: string,
  minutes: number,
): Promise<void> {
  let write = writers.get(db);
  if (!write) {
    write = tenantBatches<Quote, void>(async (tenant, quotes) => {
      await setQuotedWaits(db, tenant, quotes);
      return quotes.map(() => undefined);
    });
    writers.set(db, write);
  }
  return write(tenantId, { entryId, minutes });
}
