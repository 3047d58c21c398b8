import type { Tx } from "../../lib/db/transaction_repo.ts";

/** The chat events in the outbox, oldest first (read on the platform path in tests). */
export async function listChatEvents(
  trx: Tx,
): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const rows = await trx.selectFrom("outbox").select(["type", "payload"])
    .where("type", "like", "chat.%").orderBy("createdAt").orderBy("id").execute();
  return rows.map((r) => ({ type: r.type, payload: r.payload as Record<string, unknown> }));
}

/** An entry's SYSTEM chat lines (the web chat channel's notifications), oldest first. */
export async function listSystemChatLines(trx: Tx, entryId: string): Promise<string[]> {
  const rows = await trx.selectFrom("webChatMessages").select("content")
    .where("queueEntryId", "=", entryId).where("sender", "=", "SYSTEM")
    .orderBy("createdAt").orderBy("id").execute();
  return rows.map((r) => r.content);
}
