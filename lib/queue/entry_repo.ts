import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { EntryStatus, Platform } from "../db/schema.ts";

export interface EntryRow {
  id: string;
  queueId: string;
  customerName: string;
  customerPhone: string;
  partySize: number;
  notes: string | null;
  status: EntryStatus;
  sessionId: string;
  ticketNumber: string;
  sortRank: number;
  verificationCode: string | null;
  joinedAt: Date;
  calledAt: Date | null;
  confirmedAt: Date | null;
  serviceTypeId: string | null;
  version: number;
  /** How the party joined (web, WhatsApp, SMS, API). */
  platform: Platform;
}

export const ENTRY_COLUMNS = [
  "id",
  "queueId",
  "customerName",
  "customerPhone",
  "partySize",
  "notes",
  "status",
  "sessionId",
  "ticketNumber",
  "sortRank",
  "verificationCode",
  "joinedAt",
  "calledAt",
  "confirmedAt",
  "serviceTypeId",
  "version",
  "platform",
] as const;

export interface NewEntry {
  tenantId: string;
  queueId: string;
  customerName: string;
  customerPhone: string;
  partySize: number;
  notes: string | null;
  platform: Platform;
  sessionId: string;
  verificationCode: string;
  idempotencyKey: string | null;
  serviceTypeId: string | null;
  /** The tenant's local day (YYYY-MM-DD): ticket numbers start again each day. */
  serviceDate: string;
  /** Optional: where the customer also wants to be told (email channel). */
  customerEmail?: string | null;
  /** The customer's language (en, ms, zh); English when not given. */
  locale?: string;
}

export async function findEntryBySessionId(trx: Tx, sessionId: string): Promise<EntryRow | null> {
  const row = await trx.selectFrom("queueEntries").select(ENTRY_COLUMNS)
    .where("sessionId", "=", sessionId).executeTakeFirst();
  return row ?? null;
}

/** The queue of the entry with this session id, when both exist (a deleted queue does not). */
export async function findQueueIdBySessionId(trx: Tx, sessionId: string): Promise<string | null> {
  const row = await trx.selectFrom("queueEntries")
    .innerJoin("queues", "queues.id", "queueEntries.queueId")
    .select("queueEntries.queueId")
    .where("queueEntries.sessionId", "=", sessionId).where("queues.deletedAt", "is", null)
    .executeTakeFirst();
  return row?.queueId ?? null;
}

/** The entry a session id names and its queue, whatever its status; null when none. */
export async function findEntryIdsBySessionId(
  trx: Tx,
  sessionId: string,
): Promise<{ queueId: string; entryId: string } | null> {
  const row = await trx.selectFrom("queueEntries").select(["id", "queueId"])
    .where("sessionId", "=", sessionId).executeTakeFirst();
  return row ? { queueId: row.queueId, entryId: row.id } : null;
}

/** Waiting parties in line order, then called parties by call time. */
export async function listLiveEntries(trx: Tx, queueId: string): Promise<EntryRow[]> {
  return await trx.selectFrom("queueEntries").select(ENTRY_COLUMNS)
    .where("queueId", "=", queueId).where("status", "in", ["waiting", "called"])
    .orderBy(sql`case when status = 'waiting' then 0 else 1 end`)
    .orderBy("sortRank").orderBy("calledAt").execute();
}

/** Locks one entry of a queue for a status change; concurrent changes to it take turns. */
export async function lockEntry(
  trx: Tx,
  queueId: string,
  entryId: string,
): Promise<EntryRow | null> {
  const row = await trx.selectFrom("queueEntries").select(ENTRY_COLUMNS)
    .where("queueId", "=", queueId).where("id", "=", entryId).forUpdate().executeTakeFirst();
  return row ?? null;
}

/** The time column each status records, when it records one. */
function stampFor(status: EntryStatus): "calledAt" | "servedAt" | "completedAt" | null {
  if (status === "called") return "calledAt";
  if (status === "seated") return "servedAt";
  if (status === "completed") return "completedAt";
  return null;
}

/** Moves an entry to a new status, stamping the time that status records. */
export async function setEntryStatus(
  trx: Tx,
  entryId: string,
  status: EntryStatus,
  options: { requeued?: boolean } = {},
): Promise<EntryRow> {
  const stamp = stampFor(status);
  return await trx.updateTable("queueEntries")
    .set({
      status,
      version: sql`version + 1`,
      ...(stamp ? { [stamp]: sql`now()` } : {}),
      ...(options.requeued ? { requeuedAt: sql`now()`, calledAt: null } : {}),
    })
    .where("id", "=", entryId)
    .returning(ENTRY_COLUMNS).executeTakeFirstOrThrow();
}

/** Locks several entries of one queue, in line order. */
export async function lockEntries(trx: Tx, queueId: string, ids: string[]): Promise<EntryRow[]> {
  if (ids.length === 0) return [];
  return await trx.selectFrom("queueEntries").select(ENTRY_COLUMNS)
    .where("queueId", "=", queueId).where("id", "in", ids)
    .orderBy("sortRank").forUpdate().execute();
}

/** Waiting entries' ids and ranks in line order. */
export async function listWaitingRanks(
  trx: Tx,
  queueId: string,
): Promise<Array<{ id: string; sortRank: number }>> {
  return await trx.selectFrom("queueEntries").select(["id", "sortRank"])
    .where("queueId", "=", queueId).where("status", "=", "waiting")
    .orderBy("sortRank").execute();
}

export async function setEntryRank(trx: Tx, entryId: string, sortRank: number): Promise<EntryRow> {
  return await trx.updateTable("queueEntries")
    .set({ sortRank, version: sql`version + 1` })
    .where("id", "=", entryId)
    .returning(ENTRY_COLUMNS).executeTakeFirstOrThrow();
}

/** A live entry by phone and the code shown at join; for a customer who lost the link. */
export async function findLiveEntryByPhoneAndCode(
  trx: Tx,
  phone: string,
  code: string,
): Promise<EntryRow | null> {
  const row = await trx.selectFrom("queueEntries").select(ENTRY_COLUMNS)
    .where("customerPhone", "=", phone).where("verificationCode", "=", code)
    .where("status", "in", ["waiting", "called"]).orderBy("joinedAt", "desc").executeTakeFirst();
  return row ?? null;
}

/** The live entries among a browser's remembered session ids. */
export async function listLiveEntriesBySessionIds(
  trx: Tx,
  sessionIds: string[],
): Promise<EntryRow[]> {
  if (sessionIds.length === 0) return [];
  return await trx.selectFrom("queueEntries").select(ENTRY_COLUMNS)
    .where("sessionId", "in", sessionIds).where("status", "in", ["waiting", "called"])
    .orderBy("joinedAt").execute();
}

/** The current tenant's queues (not deleted) that have a waiting or called party. */
export async function listQueueIdsWithLiveEntries(trx: Tx): Promise<string[]> {
  const rows = await trx.selectFrom("queueEntries")
    .innerJoin("queues", "queues.id", "queueEntries.queueId")
    .select("queueEntries.queueId").distinct()
    .where("queueEntries.status", "in", ["waiting", "called"])
    .where("queues.deletedAt", "is", null)
    .execute();
  return rows.map((r) => r.queueId);
}

/** A live entry's language, changed from its own page; false when the link names no live entry. */
export async function updateLiveEntryLocale(
  trx: Tx,
  sessionId: string,
  locale: string,
): Promise<boolean> {
  const res = await trx.updateTable("queueEntries").set({ locale })
    .where("sessionId", "=", sessionId).where("status", "in", ["waiting", "called"])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
