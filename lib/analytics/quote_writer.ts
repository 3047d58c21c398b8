import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { setQuotedWaits } from "./analytics_repo.ts";

interface Pending {
  entryId: string;
  minutes: number;
  done: () => void;
  failed: (err: unknown) => void;
}

interface TenantBatch {
  waiting: Pending[];
  running: boolean;
}

/** Per database, the tenants with quotes waiting to be written. */
const batches = new WeakMap<Kysely<Database>, Map<string, TenantBatch>>();

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
  let tenants = batches.get(db);
  if (!tenants) batches.set(db, tenants = new Map());
  let batch = tenants.get(tenantId);
  if (!batch) tenants.set(tenantId, batch = { waiting: [], running: false });
  const done = new Promise<void>((resolve, reject) => {
    batch.waiting.push({ entryId, minutes, done: resolve, failed: reject });
  });
  if (!batch.running) void drain(db, tenants, tenantId, batch);
  return done;
}

async function drain(
  db: Kysely<Database>,
  tenants: Map<string, TenantBatch>,
  tenantId: string,
  batch: TenantBatch,
): Promise<void> {
  batch.running = true;
  while (batch.waiting.length > 0) {
    const round = batch.waiting.splice(0);
    try {
      await withTenant(db, tenantId, (trx) => setQuotedWaits(trx, round));
      for (const p of round) p.done();
    } catch (err) {
      for (const p of round) p.failed(err);
    }
  }
  batch.running = false;
  tenants.delete(tenantId);
}
