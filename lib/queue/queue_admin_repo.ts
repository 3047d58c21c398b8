import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { QueuesTable } from "../db/schema.ts";
import type { Selectable } from "kysely";

export type QueueRecord = Omit<Selectable<QueuesTable>, "tenantId" | "deletedAt">;

const COLUMNS = [
  "id",
  "merchantId",
  "name",
  "description",
  "isActive",
  "acceptingCustomers",
  "maxCapacity",
  "averageServiceTime",
  "currentServing",
  "autoNotifications",
  "notificationInterval",
  "almostTurnAhead",
  "allowCancellation",
  "requireConfirmation",
  "businessHoursStart",
  "businessHoursEnd",
  "callTimeoutMinutes",
  "ticketPrefix",
  "createdAt",
  "updatedAt",
] as const;

export async function listQueueRecords(trx: Tx): Promise<QueueRecord[]> {
  return await trx.selectFrom("queues").select(COLUMNS).where("deletedAt", "is", null)
    .orderBy("name").execute();
}

export async function findQueueRecord(trx: Tx, id: string): Promise<QueueRecord | null> {
  const row = await trx.selectFrom("queues").select(COLUMNS).where("id", "=", id)
    .where("deletedAt", "is", null).executeTakeFirst();
  return row ?? null;
}

/** The tenant's first active location, where new queues go unless another is named. */
export async function findDefaultMerchant(
  trx: Tx,
): Promise<{ id: string } | null> {
  const row = await trx.selectFrom("merchants").select("id").where("isActive", "=", true)
    .orderBy("createdAt").executeTakeFirst();
  return row ?? null;
}

/** The plan's queue limit, taking the row lock that makes concurrent creates take turns. */
export async function lockPlanQueueLimit(trx: Tx): Promise<number> {
  const row = await trx.selectFrom("tenantSubscriptions").select("maxQueuesPerMerchant")
    .forUpdate().executeTakeFirst();
  return row?.maxQueuesPerMerchant ?? 3;
}

export async function countMerchantQueues(trx: Tx, merchantId: string): Promise<number> {
  const row = await trx.selectFrom("queues").select(sql<number>`count(*)::int`.as("n"))
    .where("merchantId", "=", merchantId).where("deletedAt", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function insertQueueRecord(
  trx: Tx,
  values: Record<string, unknown> & { tenantId: string; merchantId: string; name: string },
): Promise<QueueRecord> {
  return await trx.insertInto("queues").values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function updateQueueRecord(
  trx: Tx,
  id: string,
  values: Record<string, unknown>,
): Promise<QueueRecord | null> {
  const row = await trx.updateTable("queues").set({ ...values, updatedAt: sql`now()` })
    .where("id", "=", id).where("deletedAt", "is", null).returning(COLUMNS).executeTakeFirst();
  return row ?? null;
}

export async function countLiveEntriesOfQueue(trx: Tx, queueId: string): Promise<number> {
  const row = await trx.selectFrom("queueEntries").select(sql<number>`count(*)::int`.as("n"))
    .where("queueId", "=", queueId).where("status", "in", ["waiting", "called"])
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function softDeleteQueue(trx: Tx, id: string): Promise<void> {
  await trx.updateTable("queues").set({ deletedAt: sql`now()`, isActive: false })
    .where("id", "=", id).execute();
}

/** The name of a queue that was deleted (soft), for the page that says it is gone. */
export async function findDeletedQueueName(trx: Tx, id: string): Promise<string | null> {
  const row = await trx.selectFrom("queues").select("name").where("id", "=", id)
    .where("deletedAt", "is not", null).executeTakeFirst();
  return row?.name ?? null;
}
