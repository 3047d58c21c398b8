import type { Tx } from "../db/transaction_repo.ts";

/**
 * SYSTEM lines in customers' web chats (notifications the customers read in the chat), all in
 * one statement. The web chat itself (customer and staff messages, read receipts) lives beside
 * this file; this function is what the notification service writes through.
 */
export async function insertSystemChatMessages(
  trx: Tx,
  messages: readonly { id: string; tenantId: string; entryId: string; content: string }[],
): Promise<void> {
  if (messages.length === 0) return;
  await trx.insertInto("webChatMessages").values(messages.map((m) => ({
    id: m.id,
    tenantId: m.tenantId,
    queueEntryId: m.entryId,
    sender: "SYSTEM" as const,
    content: m.content.slice(0, 2000),
  }))).execute();
}
