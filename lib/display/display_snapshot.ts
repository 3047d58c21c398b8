import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { listQueues } from "../queue/queue_list.ts";
import { listDisplayTickets } from "./display_repo.ts";

/** How many called and next tickets a screen shows per queue. */
export const CALLING_SHOWN = 4;
export const NEXT_SHOWN = 5;

export interface DisplayQueue {
  queueId: string;
  queueName: string;
  /** Called tickets, the latest call first; `calledAt` tells a new call from an old one. */
  calling: Array<{ ticket: string; calledAt: string }>;
  /** The next waiting tickets, in line order. */
  next: string[];
  waitingCount: number;
  /** Minutes a party joining now would likely wait. */
  waitMinutes: number;
  acceptingCustomers: boolean;
}

/** What a TV display or a queue's public page shows: ticket numbers and waits, no names. */
export interface DisplaySnapshot {
  queues: DisplayQueue[];
}

/** The active queues (all, or the one asked for) as a screen in the room shows them. */
export async function loadDisplaySnapshot(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string | null,
): Promise<DisplaySnapshot> {
  const listings = (await listQueues(db, tenantId))
    .filter((q) => queueId === null || q.id === queueId);
  const tickets = await withTenant(db, tenantId, async (trx) => {
    const rows = [];
    for (const q of listings) {
      rows.push(
        ...await listDisplayTickets(trx, q.id, { next: NEXT_SHOWN, calling: CALLING_SHOWN }),
      );
    }
    return rows;
  });
  const byQueue = Map.groupBy(tickets, (t) => t.queueId);
  return {
    queues: listings.map((q) => {
      const own = byQueue.get(q.id) ?? [];
      return {
        queueId: q.id,
        queueName: q.name,
        calling: own.filter((t) => t.status === "called").slice(0, CALLING_SHOWN).map((t) => ({
          ticket: t.ticketNumber,
          calledAt: t.calledAt ? new Date(t.calledAt).toISOString() : "",
        })),
        next: own.filter((t) => t.status === "waiting").slice(0, NEXT_SHOWN)
          .map((t) => t.ticketNumber),
        waitingCount: q.waitingCount,
        waitMinutes: q.estimatedWaitTime,
        acceptingCustomers: q.acceptingCustomers,
      };
    }),
  };
}
