import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import {
  loadEtaModel,
  makeWaitEstimator,
  type Party,
  serviceTypeMinutes,
  type WaitEstimator,
} from "./estimate.ts";
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

/**
 * The listing with one queue's count and quote as its read model now holds them (after this
 * process's own change to its line, applied in memory): the same figures `listQueues` reads,
 * without reading them. Null when the queue is not in the listing.
 */
export function listingWithLine(
  listing: readonly QueueListing[],
  model: {
    queueId: string;
    entries: readonly (Party & { status: string })[];
    estimator: WaitEstimator | null;
  },
): QueueListing[] | null {
  const at = listing.findIndex((q) => q.id === model.queueId);
  if (at < 0 || !model.estimator) return null;
  const line = model.entries.filter((e) => e.status === "waiting");
  const next = listing.slice();
  next[at] = {
    ...listing[at]!,
    waitingCount: line.length,
    estimatedWaitTime: model.estimator.forParty(line, TYPICAL_PARTY),
  };
  return next;
}
