import { type Kysely, sql } from "kysely";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type { Database } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";
import type { FigureEntry } from "./day_figures.ts";

const FIGURE_COLUMNS = [
  "queueId",
  "status",
  "platform",
  "joinedAt",
  "calledAt",
  "servedAt",
  "completedAt",
  "quotedWaitMinutes",
] as const;

/**
 * The waits quoted when parties joined (each written once, right after its join commits), in one
 * statement that is its own transaction under the tenant's row-level security
 * (`set_quoted_waits_as`, migration `20261207000000_quoted_waits_function.ts`). Call it on the
 * database, never inside a transaction.
 */
export async function setQuotedWaits(
  db: Kysely<Database>,
  tenantId: string,
  quotes: ReadonlyArray<{ entryId: string; minutes: number }>,
): Promise<void> {
  if (quotes.length === 0) return;
  const ids = quotes.map((q) => q.entryId);
  const minutes = quotes.map((q) => Math.max(0, Math.round(q.minutes)));
  await aloneRetryingStale(() =>
    sql`select set_quoted_waits_as(${tenantId}::uuid, ${ids}::uuid[], ${minutes}::int[])`
      .execute(db)
  );
}

/** The tenant's time zone: its main location's (the one the settings page edits). */
export async function findTenantTimeZone(trx: Tx): Promise<string> {
  const row = await trx.selectFrom("merchants").select("timezone").where("isActive", "=", true)
    .orderBy("createdAt").executeTakeFirst();
  return row?.timezone ?? "UTC";
}

/**
 * Serializes roll-up work of one tenant (the nightly job, event handlers, two processes): held
 * to the end of the transaction.
 */
export async function lockTenantAnalytics(trx: Tx, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${"analytics:" + tenantId}))`.execute(trx);
}

/** Entries that joined in [from, to), optionally of one queue. */
export async function listEntriesJoinedBetween(
  trx: Tx,
  from: Date,
  to: Date,
  queueId?: string,
): Promise<FigureEntry[]> {
  let q = trx.selectFrom("queueEntries").select(FIGURE_COLUMNS)
    .where("joinedAt", ">=", from).where("joinedAt", "<", to);
  if (queueId) q = q.where("queueId", "=", queueId);
  return await q.execute();
}

export async function findRolledThrough(trx: Tx): Promise<string | null> {
  const row = await trx.selectFrom("analyticsRollups")
    .select(sql<string>`to_char(rolled_through, 'YYYY-MM-DD')`.as("day")).executeTakeFirst();
  return row?.day ?? null;
}

export async function setRolledThrough(trx: Tx, tenantId: string, day: string): Promise<void> {
  await trx.insertInto("analyticsRollups").values({ tenantId, rolledThrough: day })
    .onConflict((oc) =>
      oc.column("tenantId").doUpdateSet({ rolledThrough: day, updatedAt: sql`now()` })
    ).execute();
}

export async function findFirstJoinedAt(trx: Tx): Promise<Date | null> {
  const row = await trx.selectFrom("queueEntries").select("joinedAt").orderBy("joinedAt")
    .limit(1).executeTakeFirst();
  return row?.joinedAt ?? null;
}

export interface RollupRow {
  queueId: string;
  date: string;
  figures: unknown;
}

/** Roll-ups of local days `from`..`to` (both included), optionally of one queue. */
export async function listRollups(
  trx: Tx,
  from: string,
  to: string,
  queueId?: string,
): Promise<RollupRow[]> {
  let q = trx.selectFrom("queueAnalytics").select([
    "queueId",
    sql<string>`to_char(date, 'YYYY-MM-DD')`.as("date"),
    "figures",
  ]).where("date", ">=", from).where("date", "<=", to);
  if (queueId) q = q.where("queueId", "=", queueId);
  return await q.execute();
}

export interface RollupWrite {
  tenantId: string;
  queueId: string;
  date: string;
  figures: unknown;
  totalCustomers: number;
  averageWaitTime: number;
  peakHour: number | null;
  completionRate: number;
  noShowRate: number;
}

export async function upsertRollup(trx: Tx, row: RollupWrite): Promise<void> {
  // An explicit cast: drivers differ in how they send a JSON string to a jsonb column.
  const figures = sql`${JSON.stringify(row.figures)}::text::jsonb`;
  const { tenantId: _t, queueId: _q, date: _d, figures: _f, ...summary } = row;
  await trx.insertInto("queueAnalytics").values({ ...row, figures })
    .onConflict((oc) =>
      oc.columns(["queueId", "date"]).doUpdateSet({ ...summary, figures, updatedAt: sql`now()` })
    ).execute();
}

/** Drops a day's roll-ups of queues that no longer have entries on it (kept otherwise). */
export async function deleteRollupsExcept(
  trx: Tx,
  date: string,
  keepQueueIds: string[],
  queueId?: string,
): Promise<void> {
  let q = trx.deleteFrom("queueAnalytics").where("date", "=", date);
  if (queueId) q = q.where("queueId", "=", queueId);
  if (keepQueueIds.length > 0) q = q.where("queueId", "not in", keepQueueIds);
  await q.execute();
}

export async function listQueueNames(
  trx: Tx,
): Promise<Map<string, { name: string; deleted: boolean }>> {
  const rows = await trx.selectFrom("queues").select(["id", "name", "deletedAt"]).orderBy("name")
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, deleted: r.deletedAt !== null }]));
}

export async function countLiveEntries(
  trx: Tx,
  queueId?: string,
): Promise<{ waiting: number; called: number }> {
  let q = trx.selectFrom("queueEntries").select([
    sql<number>`count(*) filter (where status = 'waiting')::int`.as("waiting"),
    sql<number>`count(*) filter (where status = 'called')::int`.as("called"),
  ]).where("status", "in", ["waiting", "called"]);
  if (queueId) q = q.where("queueId", "=", queueId);
  const row = await q.executeTakeFirstOrThrow();
  return { waiting: row.waiting, called: row.called };
}

/**
 * An entry's queue and join time, with its tenant's time zone (`findTenantTimeZone`'s), in one
 * statement under the tenant's row-level security (`rollup_probe_as`): null for no entry of the
 * tenant. Call it on the database, never inside a transaction.
 */
export async function findEntryDay(
  db: Kysely<Database>,
  tenantId: string,
  entryId: string,
): Promise<{ queueId: string; joinedAt: Date; timeZone: string } | null> {
  const { rows } = await aloneRetryingStale(() =>
    sql<{ queueId: string; joinedAt: Date; timeZone: string }>`
      select queue_id as "queueId", joined_at as "joinedAt", time_zone as "timeZone"
      from rollup_probe_as(${tenantId}::uuid, ${entryId}::uuid)
    `.execute(db)
  );
  return rows[0] ?? null;
}
