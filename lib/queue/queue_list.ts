import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { loadEtaModel, makeWaitEstimator, serviceTypeMinutes } from "./estimate.ts";
import { listWaitingPartiesOfQueues } from "./eta_repo.ts";
import { listActiveQueuesWithCounts } from "./queue_repo.ts";
import { listServiceTypesOfQueues } from "./service_type_repo.ts";

export interface QueueListing {
  id: string;
  name: string;
  description: string | null;
  acceptingCustomers: boolean;
  waitingCount: number;
  /** Minutes a party joining now would likely wait. */
  estimatedWaitTime: number;
  serviceTypes: Array<{ id: string; name: string }>;
}

/** The party size the home page quotes for, before the customer has said theirs. */
const TYPICAL_PARTY = { partySize: 2, serviceTypeId: null };

/**
 * The tenant's active queues as customers and staff see them at a glance. Three queries for all
 * the queues (queues with counts, service types, waiting parties), plus two per queue whose
 * cached model is stale (at most once a minute): it runs on every dashboard event.
 */
export function listQueues(
  db: Kysely<Database>,
  tenantId: string,
  now = Date.now(),
): Promise<QueueListing[]> {
  return withTenant(db, tenantId, async (trx) => {
    const rows = await listActiveQueuesWithCounts(trx);
    const ids = rows.map((q) => q.id);
    const types = await listServiceTypesOfQueues(trx, ids);
    const lines = Map.groupBy(await listWaitingPartiesOfQueues(trx, ids), (p) => p.queueId);
    const listings: QueueListing[] = [];
    for (const q of rows) {
      const own = types.filter((t) => t.queueId === q.id);
      const estimator = makeWaitEstimator(await loadEtaModel(trx, q, now), {
        averageServiceTime: q.averageServiceTime,
        typeMinutes: serviceTypeMinutes(own),
        now,
      });
      listings.push({
        id: q.id,
        name: q.name,
        description: q.description,
        acceptingCustomers: q.acceptingCustomers,
        waitingCount: q.waitingCount,
        estimatedWaitTime: estimator.forParty(lines.get(q.id) ?? [], TYPICAL_PARTY),
        serviceTypes: own.map((t) => ({ id: t.id, name: t.name })),
      });
    }
    return listings;
  });
}
