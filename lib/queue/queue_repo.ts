import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export interface QueueRow {
  id: string;
  merchantId: string;
  name: string;
  description: string | null;
  isActive: boolean;
  acceptingCustomers: boolean;
  maxCapacity: number;
  averageServiceTime: number;
  allowCancellation: boolean;
  requireConfirmation: boolean;
  ticketPrefix: string;
  businessHoursStart: string;
  businessHoursEnd: string;
  callTimeoutMinutes: number;
}

export interface QueueSummary extends QueueRow {
  waitingCount: number;
}

const QUEUE_COLUMNS = [
  "queues.id",
  "queues.merchantId",
  "queues.name",
  "queues.description",
  "queues.isActive",
  "queues.acceptingCustomers",
  "queues.maxCapacity",
  "queues.averageServiceTime",
  "queues.allowCancellation",
  "queues.requireConfirmation",
  "queues.ticketPrefix",
  "queues.businessHoursStart",
  "queues.businessHoursEnd",
  "queues.callTimeoutMinutes",
] as const;

/** Active queues of the current tenant with how many parties wait in each. */
export async function listActiveQueuesWithCounts(trx: Tx): Promise<QueueSummary[]> {
  const rows = await trx.selectFrom("queues")
    .leftJoin(
      "queueEntries",
      (j) =>
        j.onRef("queueEntries.queueId", "=", "queues.id").on("queueEntries.status", "=", "waiting"),
    )
    .select(QUEUE_COLUMNS)
    .select(sql<number>`count(queue_entries.id)::int`.as("waitingCount"))
    .where("queues.isActive", "=", true)
    .where("queues.deletedAt", "is", null)
    .groupBy("queues.id")
    .orderBy("queues.name")
    .execute();
  return rows;
}

export async function findQueue(trx: Tx, queueId: string): Promise<QueueRow | null> {
  const row = await trx.selectFrom("queues").select(QUEUE_COLUMNS)
    .where("queues.id", "=", queueId).where("queues.deletedAt", "is", null).executeTakeFirst();
  return row ?? null;
}

/** Locks the queue row so joins to one queue take turns: capacity and positions stay exact. */
export async function lockQueue(trx: Tx, queueId: string): Promise<QueueRow | null> {
  const row = await trx.selectFrom("queues").select(QUEUE_COLUMNS)
    .where("queues.id", "=", queueId).where("queues.deletedAt", "is", null)
    .forUpdate().executeTakeFirst();
  return row ?? null;
}

/** The time zone a location keeps its hours in. */
export async function findMerchantTimezone(trx: Tx, merchantId: string): Promise<string> {
  const row = await trx.selectFrom("merchants").select("timezone").where("id", "=", merchantId)
    .executeTakeFirst();
  return row?.timezone ?? "UTC";
}
