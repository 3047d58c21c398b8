import type { Tx } from "../../lib/db/transaction_repo.ts";

export interface PastCall {
  joinedAt: Date;
  calledAt: Date;
  partySize: number;
}

/** Writes past, finished visits of a queue in batches: parties that joined and were called. */
export async function insertPastCalls(
  trx: Tx,
  tenantId: string,
  queueId: string,
  calls: PastCall[],
): Promise<void> {
  const rows = calls.map((v, n) => ({
    tenantId,
    queueId,
    customerName: `Past ${n}`,
    customerPhone: `+1555${String(n).padStart(7, "0")}`,
    partySize: v.partySize,
    platform: "web" as const,
    sortRank: n,
    status: "completed" as const,
    sessionId: crypto.randomUUID().replaceAll("-", ""),
    ticketNumber: `H${n}`,
    serviceDate: v.joinedAt.toISOString().slice(0, 10),
    joinedAt: v.joinedAt,
    calledAt: v.calledAt,
    completedAt: v.calledAt,
    notes: null,
    verificationCode: null,
    idempotencyKey: null,
    serviceTypeId: null,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto("queueEntries").values(rows.slice(i, i + 500)).execute();
  }
}
