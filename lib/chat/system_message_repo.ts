import type { Tx } from "../db/transaction_repo.ts";

/**
 * A SYSTEM line in a customer's web chat (a notification the customer reads in the chat). The
 * web chat itself (customer and staff messages, read receipts) lives beside this file; this
 * function is what the notification service writes through.
 */
export async function insertSystemChatMessage(
  trx: Tx,
  message: { id?: string; tenantId: string; entryId: string; content: string },
): Promise<{ id: string; createdAt: Date }> {
  return await trx.insertInto("webChatMessages").values({
    ...(message.id ? { id: message.id } : {}),
    tenantId: message.tenantId,
    queueEntryId: message.entryId,
    sender: "SYSTEM",
    content: message.content.slice(0, 2000),
  }).returning(["id", "createdAt"]).executeTakeFirstOrThrow();
}
