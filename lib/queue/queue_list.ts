import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { estimateWaitMinutes } from "./estimate.ts";
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

/** The tenant's active queues as customers and staff see them at a glance. */
export function listQueues(db: Kysely<Database>, tenantId: string): Promise<QueueListing[]> {
  return withTenant(db, tenantId, async (trx) => {
    const rows = await listActiveQueuesWithCounts(trx);
    const types = await listServiceTypesOfQueues(trx, rows.map((q) => q.id));
    return rows.map((q) => ({
      id: q.id,
      name: q.name,
      description: q.description,
      acceptingCustomers: q.acceptingCustomers,
      waitingCount: q.waitingCount,
      estimatedWaitTime: estimateWaitMinutes(q.waitingCount, q.averageServiceTime),
      serviceTypes: types.filter((t) => t.queueId === q.id).map((t) => ({
        id: t.id,
        name: t.name,
      })),
    }));
  });
}
