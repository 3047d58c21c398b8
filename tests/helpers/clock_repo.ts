import { sql } from "kysely";
import type { Tx } from "../../lib/db/transaction_repo.ts";

/** Moves an entry's call time into the past, as if time had passed since the call. */
export async function backdateCall(trx: Tx, entryId: string, minutes: number): Promise<void> {
  await trx.updateTable("queueEntries")
    .set({ calledAt: sql`now() - make_interval(mins => ${minutes})` })
    .where("id", "=", entryId).execute();
}
