import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

const FINISHED = ["seated", "completed", "cancelled", "no_show"] as const;

/** One runner per tenant at a time; a second one skips the tenant instead of waiting. */
export async function tryLockRetention(trx: Tx, tenantId: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtext(${"retention:" + tenantId})) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/** The retention setting in system settings (`{ months, plans: { FREE: 6, … } }`), if any. */
export async function findRetentionSetting(trx: Tx): Promise<unknown> {
  const row = await trx.selectFrom("systemSettings").select("value").where("key", "=", "retention")
    .executeTakeFirst();
  return row?.value ?? null;
}

function oldFinishedEntries(trx: Tx, cutoff: Date) {
  return trx.selectFrom("queueEntries").select("id").where("status", "in", FINISHED)
    .where("joinedAt", "<", cutoff);
}

/** Chat messages older than `cutoff`, and every message of an entry about to go. */
export async function deleteOldMessages(trx: Tx, cutoff: Date): Promise<number> {
  const r = await trx.deleteFrom("webChatMessages").where((eb) =>
    eb.or([eb("createdAt", "<", cutoff), eb("queueEntryId", "in", oldFinishedEntries(trx, cutoff))])
  ).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteOldNotificationLogs(trx: Tx, cutoff: Date): Promise<number> {
  const r = await trx.deleteFrom("notificationLogs").where((eb) =>
    eb.or([eb("sentAt", "<", cutoff), eb("queueEntryId", "in", oldFinishedEntries(trx, cutoff))])
  ).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Finished entries that joined before `cutoff` (live ones stay, however old). */
export async function deleteOldFinishedEntries(trx: Tx, cutoff: Date): Promise<number> {
  const r = await trx.deleteFrom("queueEntries").where("status", "in", FINISHED)
    .where("joinedAt", "<", cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * WhatsApp/SMS messages older than `cutoff`, and conversations idle since then; a phone that
 * sent STOP keeps only that (no name), so it is still honoured. Returns the messages deleted.
 */
export async function deleteOldConversations(trx: Tx, cutoff: Date): Promise<number> {
  const m = await trx.deleteFrom("conversationMessages").where("createdAt", "<", cutoff)
    .executeTakeFirst();
  await trx.deleteFrom("conversations").where("updatedAt", "<", cutoff)
    .where("optedOutAt", "is", null).execute();
  await trx.updateTable("conversations")
    .set({ customerName: null, awaiting: null, pending: null })
    .where("updatedAt", "<", cutoff).execute();
  return Number(m.numDeletedRows);
}
