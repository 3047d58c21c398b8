import type { Tx } from "../lib/db/transaction_repo.ts";

/** The id of the last waiting party of a queue (bench only). */
export async function lastWaitingId(trx: Tx, queueId: string): Promise<string> {
  const row = await trx.selectFrom("queueEntries").select("id")
    .where("queueId", "=", queueId).where("status", "=", "waiting")
    .orderBy("sortRank", "desc").limit(1).executeTakeFirstOrThrow();
  return row.id;
}
