import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/** Every entry a phone number made (`phones`: the forms it may be stored in), all stored on it. */
export async function listEntriesByPhone(trx: Tx, phones: readonly string[]) {
  return await trx.selectFrom("queueEntries as e").innerJoin("queues as q", "q.id", "e.queueId")
    .select([
      "e.id",
      "q.name as queueName",
      "e.ticketNumber",
      "e.customerName",
      "e.customerPhone",
      "e.customerEmail",
      "e.platform",
      "e.partySize",
      "e.notes",
      "e.specialRequests",
      "e.status",
      "e.joinedAt",
      "e.calledAt",
      "e.servedAt",
      "e.completedAt",
      "e.confirmedAt",
      "e.quotedWaitMinutes",
    ])
    .where("e.customerPhone", "in", phones).orderBy("e.joinedAt").execute();
}

export async function listMessagesOf(trx: Tx, entryIds: string[]) {
  if (entryIds.length === 0) return [];
  return await trx.selectFrom("webChatMessages")
    .select(["queueEntryId", "sender", "content", "createdAt"])
    .where("queueEntryId", "in", entryIds).orderBy("createdAt").execute();
}

export async function listNotificationsOf(trx: Tx, entryIds: string[]) {
  if (entryIds.length === 0) return [];
  return await trx.selectFrom("notificationLogs")
    .select(["queueEntryId", "channel", "status", "message", "sentAt"])
    .where("queueEntryId", "in", entryIds).orderBy("sentAt").execute();
}

export async function countPushSubscriptionsOf(trx: Tx, entryIds: string[]): Promise<number> {
  if (entryIds.length === 0) return 0;
  const row = await trx.selectFrom("pushSubscriptions")
    .select(sql<number>`count(*)::int`.as("n")).where("queueEntryId", "in", entryIds)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** What the customer and the business said to each other by WhatsApp or SMS. */
export async function listConversationOf(trx: Tx, phone: string) {
  return await trx.selectFrom("conversationMessages")
    .select(["channel", "direction", "body", "status", "createdAt"])
    .where("phone", "=", phone).orderBy("createdAt").orderBy("direction").execute();
}

/**
 * Deletes a phone's WhatsApp/SMS messages and its conversation; a phone that sent STOP keeps
 * only that (the phone and when), so nothing is ever sent to it again. Returns the messages
 * deleted.
 */
export async function eraseConversation(trx: Tx, phone: string): Promise<number> {
  const m = await trx.deleteFrom("conversationMessages").where("phone", "=", phone)
    .executeTakeFirst();
  await trx.deleteFrom("conversations").where("phone", "=", phone)
    .where("optedOutAt", "is", null).execute();
  await trx.updateTable("conversations")
    .set({ customerName: null, awaiting: null, pending: null, lastInboundAt: null })
    .where("phone", "=", phone).execute();
  return Number(m.numDeletedRows);
}

/** Deletes what was said and sent to these entries; returns the counts. */
export async function deleteEntryTraces(trx: Tx, entryIds: string[]) {
  if (entryIds.length === 0) return { messages: 0, notifications: 0, pushSubscriptions: 0 };
  const m = await trx.deleteFrom("webChatMessages").where("queueEntryId", "in", entryIds)
    .executeTakeFirst();
  const n = await trx.deleteFrom("notificationLogs").where("queueEntryId", "in", entryIds)
    .executeTakeFirst();
  const p = await trx.deleteFrom("pushSubscriptions").where("queueEntryId", "in", entryIds)
    .executeTakeFirst();
  return {
    messages: Number(m.numDeletedRows),
    notifications: Number(n.numDeletedRows),
    pushSubscriptions: Number(p.numDeletedRows),
  };
}

/**
 * Strips the person from entries: name, phone, mail, notes and codes go; a fresh random session
 * id makes every ticket link of theirs a 404. Times, status, party size and channel stay, so the
 * figures do not change. Returns each entry with its queue (whose pages must re-read).
 */
export async function anonymiseEntries(
  trx: Tx,
  entryIds: string[],
): Promise<{ id: string; queueId: string }[]> {
  if (entryIds.length === 0) return [];
  return await trx.updateTable("queueEntries").set({
    customerName: "Erased",
    customerPhone: sql`'erased:' || id::text`,
    customerEmail: null,
    notes: null,
    specialRequests: null,
    verificationCode: null,
    idempotencyKey: null,
    webchatSessionId: null,
    sessionId: sql`'erased' || replace(gen_random_uuid()::text, '-', '')`,
    version: sql`version + 1`,
  }).where("id", "in", entryIds).returning(["id", "queueId"]).execute();
}
