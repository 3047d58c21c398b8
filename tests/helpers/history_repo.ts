import type { Tx } from "../../lib/db/transaction_repo.ts";

/** Writes a past, finished visit: a party that joined and was called at the given times. */
export async function insertPastCall(
  trx: Tx,
  v: {
    tenantId: string;
    queueId: string;
    joinedAt: Date;
    calledAt: Date;
    partySize: number;
    n: number;
  },
): Promise<void> {
  await trx.insertInto("queueEntries").values({
    tenantId: v.tenantId,
    queueId: v.queueId,
    customerId: crypto.randomUUID(),
    customerName: `Past ${v.n}`,
    customerPhone: `+1555${String(v.n).padStart(7, "0")}`,
    partySize: v.partySize,
    platform: "web",
    position: 1,
    sortRank: v.n,
    status: "completed",
    sessionId: crypto.randomUUID().replaceAll("-", ""),
    ticketNumber: `H${v.n}`,
    serviceDate: v.joinedAt.toISOString().slice(0, 10),
    joinedAt: v.joinedAt,
    calledAt: v.calledAt,
    completedAt: v.calledAt,
    notes: null,
    verificationCode: null,
    idempotencyKey: null,
    serviceTypeId: null,
  }).execute();
}
