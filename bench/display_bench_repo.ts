import type { Tx } from "../lib/db/transaction_repo.ts";

/** Puts `count` waiting parties (and four called ones) into a queue, in batches. */
export async function insertLiveLine(
  trx: Tx,
  tenantId: string,
  queueId: string,
  count: number,
): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const rows = Array.from({ length: count + 4 }, (_, n) => ({
    tenantId,
    queueId,
    customerName: `Bench ${n}`,
    customerPhone: `+1666${String(n).padStart(7, "0")}`,
    partySize: 1 + (n % 6),
    platform: "web" as const,
    sortRank: (n + 1) * 1024,
    status: n < 4 ? "called" as const : "waiting" as const,
    calledAt: n < 4 ? new Date(Date.now() - n * 60_000) : null,
    sessionId: crypto.randomUUID().replaceAll("-", ""),
    ticketNumber: `B${n}`,
    serviceDate: today,
    notes: null,
    verificationCode: null,
    idempotencyKey: null,
    serviceTypeId: null,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto("queueEntries").values(rows.slice(i, i + 500)).execute();
  }
}
