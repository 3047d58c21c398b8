import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export interface DisplayTicketRow {
  queueId: string;
  ticketNumber: string;
  status: "waiting" | "called";
  calledAt: Date | null;
}

/**
 * The live tickets of these queues with nothing personal: a screen in the room shows ticket
 * numbers only. Waiting ones in line order, then called ones, newest call first.
 */
export async function listDisplayTickets(trx: Tx, queueIds: string[]): Promise<DisplayTicketRow[]> {
  if (queueIds.length === 0) return [];
  const rows = await trx.selectFrom("queueEntries")
    .select(["queueId", "ticketNumber", "status", "calledAt"])
    .where("queueId", "in", queueIds).where("status", "in", ["waiting", "called"])
    .orderBy(sql`case when status = 'waiting' then 0 else 1 end`)
    .orderBy("sortRank").orderBy("calledAt", "desc").execute();
  return rows as DisplayTicketRow[];
}

/** The tenant's default language for customers (its main location's setting). */
export async function findTenantLanguage(trx: Tx): Promise<string | null> {
  const row = await trx.selectFrom("merchantSettings").innerJoin(
    "merchants",
    "merchants.id",
    "merchantSettings.merchantId",
  ).select("merchantSettings.language").where("merchants.isActive", "=", true)
    .orderBy("merchants.createdAt").executeTakeFirst();
  return row?.language ?? null;
}
