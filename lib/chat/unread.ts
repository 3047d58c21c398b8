import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { countUnreadByEntry, countUnreadByQueue } from "./chat_repo.ts";

/** Unread customer messages per live entry of a queue, read inside the board's transaction. */
export function unreadChatsByEntry(trx: Tx, queueId: string): Promise<Map<string, number>> {
  return countUnreadByEntry(trx, queueId);
}

/** Adds each queue's unread customer messages to the dashboard's listing. */
export async function withUnreadChats<T extends { id: string }>(
  db: Kysely<Database>,
  tenantId: string,
  queues: readonly T[],
): Promise<Array<T & { unreadChats: number }>> {
  const counts = await withTenant(db, tenantId, countUnreadByQueue);
  return queues.map((q) => ({ ...q, unreadChats: counts.get(q.id) ?? 0 }));
}
