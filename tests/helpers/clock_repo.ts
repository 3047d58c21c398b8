import { sql } from "kysely";
import type { Tx } from "../../lib/db/transaction_repo.ts";

/** Moves an entry's call time into the past, as if time had passed since the call. */
export async function backdateCall(trx: Tx, entryId: string, minutes: number): Promise<void> {
  await trx.updateTable("queueEntries")
    .set({ calledAt: sql`now() - make_interval(mins => ${minutes})` })
    .where("id", "=", entryId).execute();
}

/** Moves a user's reset-link expiry into the past, as if the hour had gone by. */
export async function expireResetLink(trx: Tx, email: string): Promise<void> {
  await trx.updateTable("tenantUsers")
    .set({ passwordResetExpires: sql`now() - interval '1 minute'` })
    .where("email", "=", email).execute();
}

/** Moves every delivered outbox event's delivery `days` into the past. */
export async function ageDeliveredEvents(trx: Tx, days: number): Promise<void> {
  await trx.updateTable("outbox")
    .set({ doneAt: sql`now() - make_interval(days => ${days})` })
    .where("status", "=", "done").execute();
}

/** Moves an entry's join time `minutes` into the past (as if it had waited that long). */
export async function backdateJoin(trx: Tx, entryId: string, minutes: number): Promise<void> {
  await trx.updateTable("queueEntries")
    .set({ joinedAt: sql`now() - make_interval(mins => ${minutes})` })
    .where("id", "=", entryId).execute();
}

/** Pins an entry's times (analytics tests): each given field is set, servedAt is "seated". */
export async function pinEntryTimes(
  trx: Tx,
  entryId: string,
  times: { joinedAt: Date; calledAt?: Date; servedAt?: Date; completedAt?: Date },
): Promise<void> {
  await trx.updateTable("queueEntries").set(times).where("id", "=", entryId).execute();
}

/** Moves an entry's chat messages and notification records to `at` (retention tests). */
export async function ageEntryTraces(trx: Tx, entryId: string, at: Date): Promise<void> {
  await trx.updateTable("webChatMessages").set({ createdAt: at })
    .where("queueEntryId", "=", entryId).execute();
  await trx.updateTable("notificationLogs").set({ sentAt: at })
    .where("queueEntryId", "=", entryId).execute();
}

/**
 * Moves an entry's seat and completion times `seconds` into the past, as if that long had gone by
 * since staff seated or completed it (the undo window reads them with the database's clock).
 */
export async function backdateFinish(trx: Tx, entryId: string, seconds: number): Promise<void> {
  await trx.updateTable("queueEntries")
    .set({
      servedAt: sql`served_at - make_interval(secs => ${seconds})`,
      completedAt: sql`completed_at - make_interval(secs => ${seconds})`,
    })
    .where("id", "=", entryId).execute();
}
