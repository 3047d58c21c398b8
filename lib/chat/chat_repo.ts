import type { Tx } from "../db/transaction_repo.ts";
import type { EntryStatus } from "../db/schema.ts";

export type ChatSender = "CUSTOMER" | "STAFF" | "SYSTEM";

/** One chat message as both sides see it. */
export interface ChatMessage {
  id: string;
  sender: ChatSender;
  content: string;
  /** Set when the other side has seen it (a customer's message: staff; staff's: the customer). */
  isRead: boolean;
  createdAt: string;
}

/** The ticket a chat belongs to: enough to authorise, route events and refuse ended chats. */
export interface ChatEntry {
  id: string;
  queueId: string;
  sessionId: string;
  ticketNumber: string;
  status: EntryStatus;
}

const ENTRY_COLUMNS = [
  "queueEntries.id",
  "queueEntries.queueId",
  "queueEntries.sessionId",
  "queueEntries.ticketNumber",
  "queueEntries.status",
] as const;

/** The most messages a history returns (the newest ones). */
export const HISTORY_LIMIT = 200;

/** The entry of a ticket link, when it and its queue exist (a deleted queue has no chat). */
export async function findChatEntryBySessionId(
  trx: Tx,
  sessionId: string,
): Promise<ChatEntry | null> {
  const row = await trx.selectFrom("queueEntries")
    .innerJoin("queues", "queues.id", "queueEntries.queueId")
    .select(ENTRY_COLUMNS)
    .where("queueEntries.sessionId", "=", sessionId).where("queues.deletedAt", "is", null)
    .executeTakeFirst();
  return row ?? null;
}

export async function findChatEntryById(trx: Tx, entryId: string): Promise<ChatEntry | null> {
  const row = await trx.selectFrom("queueEntries")
    .innerJoin("queues", "queues.id", "queueEntries.queueId")
    .select(ENTRY_COLUMNS)
    .where("queueEntries.id", "=", entryId).where("queues.deletedAt", "is", null)
    .executeTakeFirst();
  return row ?? null;
}

function toMessage(row: {
  id: string;
  sender: ChatSender;
  content: string;
  isRead: boolean;
  createdAt: Date;
}): ChatMessage {
  return { ...row, createdAt: new Date(row.createdAt).toISOString() };
}

export async function insertChatMessage(
  trx: Tx,
  message: { tenantId: string; entryId: string; sender: ChatSender; content: string },
): Promise<ChatMessage> {
  const row = await trx.insertInto("webChatMessages").values({
    tenantId: message.tenantId,
    queueEntryId: message.entryId,
    sender: message.sender,
    content: message.content,
    createdAt: new Date(),
  }).returning(["id", "sender", "content", "isRead", "createdAt"]).executeTakeFirstOrThrow();
  return toMessage(row);
}

/** An entry's messages, oldest first (the newest HISTORY_LIMIT of them). */
export async function listChatMessages(trx: Tx, entryId: string): Promise<ChatMessage[]> {
  const rows = await trx.selectFrom("webChatMessages")
    .select(["id", "sender", "content", "isRead", "createdAt"])
    .where("queueEntryId", "=", entryId)
    .orderBy("createdAt", "desc").orderBy("id", "desc").limit(HISTORY_LIMIT).execute();
  return rows.reverse().map(toMessage);
}

/** Marks the unread messages of these senders as seen; returns how many changed. */
export async function markMessagesRead(
  trx: Tx,
  entryId: string,
  senders: readonly ChatSender[],
): Promise<number> {
  const result = await trx.updateTable("webChatMessages").set({ isRead: true })
    .where("queueEntryId", "=", entryId).where("sender", "in", [...senders])
    .where("isRead", "=", false).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Unread customer messages per live entry of a queue (entries without any are absent). */
export async function countUnreadByEntry(trx: Tx, queueId: string): Promise<Map<string, number>> {
  const rows = await trx.selectFrom("webChatMessages")
    .innerJoin("queueEntries", "queueEntries.id", "webChatMessages.queueEntryId")
    .select(["webChatMessages.queueEntryId as entryId"])
    .select((eb) => eb.fn.countAll<string>().as("unread"))
    .where("queueEntries.queueId", "=", queueId)
    .where("queueEntries.status", "in", ["waiting", "called"])
    .where("webChatMessages.sender", "=", "CUSTOMER")
    .where("webChatMessages.isRead", "=", false)
    .groupBy("webChatMessages.queueEntryId").execute();
  return new Map(rows.map((r) => [r.entryId, Number(r.unread)]));
}

/** Unread customer messages of live entries, per queue of the tenant. */
export async function countUnreadByQueue(trx: Tx): Promise<Map<string, number>> {
  const rows = await trx.selectFrom("webChatMessages")
    .innerJoin("queueEntries", "queueEntries.id", "webChatMessages.queueEntryId")
    .select(["queueEntries.queueId"])
    .select((eb) => eb.fn.countAll<string>().as("unread"))
    .where("queueEntries.status", "in", ["waiting", "called"])
    .where("webChatMessages.sender", "=", "CUSTOMER")
    .where("webChatMessages.isRead", "=", false)
    .groupBy("queueEntries.queueId").execute();
  return new Map(rows.map((r) => [r.queueId, Number(r.unread)]));
}

/** The tenant's saved quick replies; null when it never saved any (the defaults apply). */
export async function findChatTemplates(trx: Tx): Promise<string[] | null> {
  const row = await trx.selectFrom("chatTemplates").select("templates").executeTakeFirst();
  return row?.templates ?? null;
}

export async function saveChatTemplates(
  trx: Tx,
  tenantId: string,
  templates: readonly string[],
): Promise<string[]> {
  const row = await trx.insertInto("chatTemplates")
    .values({ tenantId, templates: [...templates] })
    .onConflict((oc) =>
      oc.column("tenantId").doUpdateSet({ templates: [...templates], updatedAt: new Date() })
    )
    .returning("templates").executeTakeFirstOrThrow();
  return row.templates;
}

/** One message's text (a staff message is passed on to the customer's other channels). */
export async function findChatMessageContent(trx: Tx, messageId: string): Promise<string | null> {
  const row = await trx.selectFrom("webChatMessages").select("content")
    .where("id", "=", messageId).executeTakeFirst();
  return row?.content ?? null;
}
