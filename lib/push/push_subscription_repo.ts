import type { Tx } from "../db/transaction_repo.ts";

export interface PushSubscriptionRow {
  id: string;
  queueEntryId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

const COLUMNS = ["id", "queueEntryId", "endpoint", "p256dh", "auth"] as const;

/** Saves a browser's subscription for an entry; the same browser again refreshes its keys. */
export async function savePushSubscription(
  trx: Tx,
  row: Omit<PushSubscriptionRow, "id"> & { tenantId: string },
): Promise<PushSubscriptionRow> {
  return await trx.insertInto("pushSubscriptions").values(row)
    .onConflict((oc) =>
      oc.columns(["queueEntryId", "endpoint"]).doUpdateSet({ p256dh: row.p256dh, auth: row.auth })
    )
    .returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function listPushSubscriptions(
  trx: Tx,
  entryId: string,
): Promise<PushSubscriptionRow[]> {
  return await trx.selectFrom("pushSubscriptions").select(COLUMNS)
    .where("queueEntryId", "=", entryId).orderBy("createdAt").execute();
}

export async function deletePushSubscription(trx: Tx, id: string): Promise<void> {
  await trx.deleteFrom("pushSubscriptions").where("id", "=", id).execute();
}

/** The entry a push subscription is for, by its ticket's session id. */
export async function findEntryForSubscription(
  trx: Tx,
  sessionId: string,
): Promise<{ id: string; status: string } | null> {
  const row = await trx.selectFrom("queueEntries").select(["id", "status"])
    .where("sessionId", "=", sessionId).executeTakeFirst();
  return row ?? null;
}

/** Keeps only the `keep` newest subscriptions of an entry (one ticket, a few browsers). */
export async function trimPushSubscriptions(trx: Tx, entryId: string, keep: number): Promise<void> {
  const newest = trx.selectFrom("pushSubscriptions").select("id")
    .where("queueEntryId", "=", entryId).orderBy("createdAt", "desc").orderBy("id").limit(keep);
  await trx.deleteFrom("pushSubscriptions")
    .where("queueEntryId", "=", entryId).where("id", "not in", newest).execute();
}
