import { sql } from "kysely";
import type { EntryStatus } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";
import type { CallRecord } from "./eta_model.ts";

/** A queue's calls since `since`: what the wait estimator learns the queue's pace from. */
export async function listRecentCalls(
  trx: Tx,
  queueId: string,
  since: Date,
): Promise<CallRecord[]> {
  const rows = await trx.selectFrom("queueEntries")
    .select([
      sql<number>`(extract(epoch from joined_at) * 1000)::float8`.as("joinedAt"),
      sql<number>`(extract(epoch from called_at) * 1000)::float8`.as("calledAt"),
      "partySize",
    ])
    .where("queueId", "=", queueId).where("calledAt", "is not", null)
    .where("calledAt", ">=", since).orderBy("calledAt").limit(20_000).execute();
  return rows.map((r) => ({
    joinedAt: Number(r.joinedAt),
    calledAt: Number(r.calledAt),
    partySize: r.partySize,
  }));
}

/** Waiting parties' ids, sizes and service types, in line order. */
export async function listWaitingParties(
  trx: Tx,
  queueId: string,
): Promise<Array<{ id: string; partySize: number; serviceTypeId: string | null }>> {
  return await trx.selectFrom("queueEntries").select(["id", "partySize", "serviceTypeId"])
    .where("queueId", "=", queueId).where("status", "=", "waiting")
    .orderBy("sortRank").execute();
}

/** The waiting parties of several queues, each queue's in line order. */
export async function listWaitingPartiesOfQueues(
  trx: Tx,
  queueIds: string[],
): Promise<Array<{ queueId: string; partySize: number; serviceTypeId: string | null }>> {
  if (queueIds.length === 0) return [];
  return await trx.selectFrom("queueEntries").select(["queueId", "partySize", "serviceTypeId"])
    .where("queueId", "in", queueIds).where("status", "=", "waiting")
    .orderBy("queueId").orderBy("sortRank").execute();
}

/** A queue's live parties without personal details: waiting in line order, then called. */
export async function listLiveParties(
  trx: Tx,
  queueId: string,
): Promise<
  Array<{ id: string; status: EntryStatus; partySize: number; serviceTypeId: string | null }>
> {
  return await trx.selectFrom("queueEntries")
    .select(["id", "status", "partySize", "serviceTypeId"])
    .where("queueId", "=", queueId).where("status", "in", ["waiting", "called"])
    .orderBy(sql`case when status = 'waiting' then 0 else 1 end`)
    .orderBy("sortRank").orderBy("calledAt").execute();
}
