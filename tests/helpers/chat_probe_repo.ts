import type { Tx } from "../../lib/db/transaction_repo.ts";

/** The chat events in the outbox, oldest first (read on the platform path in tests). */
export async function listChatEvents(
  trx: Tx,
): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const rows = await trx.selectFrom("outbox").select(["type", "payload"])
    .where("type", "like", "chat.%").orderBy("createdAt").orderBy("id").execute();
  return rows.map((r) => ({ type: r.type, payload: r.payload as Record<string, unknown> }));
}
