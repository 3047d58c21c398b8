import type { Tx } from "../../lib/db/transaction_repo.ts";

/** Renames a party behind the app's back: no event, so no process hears of it. */
export async function renameEntrySilently(trx: Tx, entryId: string, name: string): Promise<void> {
  await trx.updateTable("queueEntries").set({ customerName: name }).where("id", "=", entryId)
    .execute();
}
