import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import { ENTRY_COLUMNS, type EntryRow } from "./entry_repo.ts";

/** A seated or completed entry and how long ago it got there, by the database's clock. */
export interface FinishedEntry {
  id: string;
  ticketNumber: string;
  status: string;
  /** Seated before (servedAt set): an undone completion goes back to seated. */
  wasSeated: boolean;
  /** Seconds since it was seated (status seated) or completed (status completed). */
  secondsAgo: number;
}

/** The time that an entry's current status was reached. */
const FINISHED_AT = sql<Date>`case when status = 'completed' then completed_at else served_at end`;

/** Locks one entry of a queue for an undo, with how long ago it was seated or completed. */
export async function lockFinishedEntry(
  trx: Tx,
  queueId: string,
  entryId: string,
): Promise<FinishedEntry | null> {
  const row = await trx.selectFrom("queueEntries")
    .select([
      "id",
      "ticketNumber",
      "status",
      sql<boolean>`served_at is not null`.as("wasSeated"),
      sql<number>`coalesce(extract(epoch from now() - ${FINISHED_AT}), 0)::float8`.as("secondsAgo"),
    ])
    .where("queueId", "=", queueId).where("id", "=", entryId).forUpdate().executeTakeFirst();
  return row ? { ...row, secondsAgo: Number(row.secondsAgo) } : null;
}

/**
 * Puts a seated or completed entry back: to called (clearing its seat time) or to seated. Back to
 * called, its call clock starts again: the auto no-show job (callTimeoutMinutes after the call)
 * must not end, a minute later, a party that is standing at the door.
 */
export async function restoreEntry(
  trx: Tx,
  entryId: string,
  to: "called" | "seated",
): Promise<EntryRow> {
  const row = await trx.updateTable("queueEntries")
    .set({
      status: to,
      version: sql`version + 1`,
      completedAt: null,
      ...(to === "called" ? { servedAt: null, calledAt: sql`now()` } : {}),
    })
    .where("id", "=", entryId)
    .returning(ENTRY_COLUMNS).executeTakeFirstOrThrow();
  return row;
}

/** A party seated or completed within the last `seconds`, for the board's undo strip. */
export interface RecentlyFinishedRow {
  id: string;
  ticketNumber: string;
  customerName: string;
  partySize: number;
  status: "seated" | "completed";
  secondsAgo: number;
}

export async function listRecentlyFinished(
  trx: Tx,
  queueId: string,
  seconds: number,
): Promise<RecentlyFinishedRow[]> {
  const rows = await trx.selectFrom("queueEntries")
    .select([
      "id",
      "ticketNumber",
      "customerName",
      "partySize",
      "status",
      sql<number>`extract(epoch from now() - ${FINISHED_AT})::float8`.as("secondsAgo"),
    ])
    .where("queueId", "=", queueId).where("status", "in", ["seated", "completed"])
    .where(sql<boolean>`${FINISHED_AT} > now() - make_interval(secs => ${seconds})`)
    .orderBy(sql`${FINISHED_AT}`, "desc").limit(20).execute();
  return rows.map((r) => ({
    ...r,
    status: r.status as "seated" | "completed",
    secondsAgo: Number(r.secondsAgo),
  }));
}
