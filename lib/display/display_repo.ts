import type { Tx } from "../db/transaction_repo.ts";

export interface DisplayTicketRow {
  queueId: string;
  ticketNumber: string;
  status: "waiting" | "called";
  calledAt: Date | null;
}

/**
 * The tickets a screen shows of one queue, nothing personal: the first `next` waiting ones in
 * line order (the queue/status/rank index stops after them, however long the line) and the
 * `calling` latest calls, newest first.
 */
export async function listDisplayTickets(
  trx: Tx,
  queueId: string,
  limits: { next: number; calling: number },
): Promise<DisplayTicketRow[]> {
  const waiting = await trx.selectFrom("queueEntries")
    .select(["queueId", "ticketNumber", "status", "calledAt"])
    .where("queueId", "=", queueId).where("status", "=", "waiting")
    .orderBy("sortRank").limit(limits.next).execute();
  const called = await trx.selectFrom("queueEntries")
    .select(["queueId", "ticketNumber", "status", "calledAt"])
    .where("queueId", "=", queueId).where("status", "=", "called")
    .orderBy("calledAt", "desc").limit(limits.calling).execute();
  return [...waiting, ...called] as DisplayTicketRow[];
}
