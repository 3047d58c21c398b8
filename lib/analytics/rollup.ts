import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type Tx, withPlatform, withTenant } from "../db/transaction_repo.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import type { EventType } from "../events/event_types.ts";
import { listActiveTenantIds } from "../queue/auto_no_show_repo.ts";
import { figuresByQueueDay } from "./day_figures.ts";
import { addDays, eachDay, type LocalClock, localClock } from "./local_time.ts";
import { summaryColumns } from "./summary.ts";
import {
  deleteRollupsExcept,
  findEntryDay,
  findFirstJoinedAt,
  findRolledThrough,
  findTenantTimeZone,
  listEntriesJoinedBetween,
  lockTenantAnalytics,
  setRolledThrough,
  upsertRollup,
} from "./analytics_repo.ts";

export const ROLLUP_HANDLER = "analytics:rollup";
/**
 * The events that change an entry's figures: a change to an already rolled-up day redoes it.
 * Not `entry.joined`: a join is committed on the day it names, within seconds, and every roll-up
 * of that day runs after the day ended (minutes past the hour), so it reads the join itself.
 */
export const ROLLUP_EVENTS: readonly EventType[] = [
  "entry.called",
  "entry.seated",
  "entry.completed",
  "entry.cancelled",
  "entry.no_show",
  "entry.requeued",
];
/** Days rolled up per transaction on a first run over a long history. */
const DAYS_PER_BATCH = 31;

/** Recomputes the roll-ups of local days `from`..`to` from the raw entries (idempotent). */
export async function rollUpRange(
  trx: Tx,
  tenantId: string,
  range: { clock: LocalClock; from: string; to: string; queueId?: string },
): Promise<void> {
  const { clock, from, to, queueId } = range;
  const entries = await listEntriesJoinedBetween(
    trx,
    clock.dayStart(from),
    clock.dayStart(addDays(to, 1)),
    queueId,
  );
  const byQueue = figuresByQueueDay(entries, clock);
  for (const date of eachDay(from, to)) {
    const present: string[] = [];
    for (const [qid, days] of byQueue) {
      const figures = days.get(date);
      if (!figures) continue;
      present.push(qid);
      await upsertRollup(trx, {
        tenantId,
        queueId: qid,
        date,
        figures,
        ...summaryColumns(figures),
      });
    }
    await deleteRollupsExcept(trx, date, present, queueId);
  }
}

/**
 * Rolls up every finished local day of one tenant not rolled up yet (all of its history on a
 * first run, in batches), then records how far it got. Two runners take turns on a lock.
 */
export async function rollUpTenant(
  db: Kysely<Database>,
  tenantId: string,
  now = new Date(),
): Promise<number> {
  let days = 0;
  for (;;) {
    const done = await withTenant(db, tenantId, async (trx) => {
      await lockTenantAnalytics(trx, tenantId);
      const clock = localClock(await findTenantTimeZone(trx));
      const yesterday = addDays(clock.place(now).date, -1);
      const through = await findRolledThrough(trx);
      const first = through ? null : await findFirstJoinedAt(trx);
      const from = through ? addDays(through, 1) : first ? clock.place(first).date : null;
      if (!from || from > yesterday) {
        if (!through || through < yesterday) await setRolledThrough(trx, tenantId, yesterday);
        return true;
      }
      const last = addDays(from, DAYS_PER_BATCH - 1);
      const to = last < yesterday ? last : yesterday;
      await rollUpRange(trx, tenantId, { clock, from, to });
      await setRolledThrough(trx, tenantId, to);
      days += eachDay(from, to).length;
      return to >= yesterday;
    });
    if (done) return days;
  }
}

/** The nightly job: every active tenant's finished days. Returns the days rolled up. */
export async function rollUpAllTenants(db: Kysely<Database>, now = new Date()): Promise<number> {
  const tenantIds = await withPlatform(db, listActiveTenantIds);
  let days = 0;
  for (const tenantId of tenantIds) days += await rollUpTenant(db, tenantId, now);
  return days;
}

/**
 * The outbox handler: an entry of an already rolled-up day changed (a party waiting past
 * midnight was served, say), so that day of that queue is recomputed. Today's entries cost one
 * statement (`findEntryDay`), no transaction and no lock: today is always read raw.
 */
export function createRollupHandler(db: Kysely<Database>): EventHandler {
  return {
    name: ROLLUP_HANDLER,
    async handle(event) {
      const entryId = (event.payload as { entryId?: unknown }).entryId;
      if (!event.tenantId || typeof entryId !== "string") return;
      const tenantId = event.tenantId;
      // One statement decides the usual case, an entry of today, with no transaction or lock.
      const entry = await findEntryDay(db, tenantId, entryId);
      if (!entry) return;
      const clock = localClock(entry.timeZone);
      const day = clock.place(entry.joinedAt).date;
      // No runner rolls up today (a job that passes midnight after this read sees the change).
      if (day >= clock.place(new Date()).date) return;
      await withTenant(db, tenantId, async (trx) => {
        await lockTenantAnalytics(trx, tenantId);
        const through = await findRolledThrough(trx);
        if (!through || day > through) return;
        await rollUpRange(trx, tenantId, { clock, from: day, to: day, queueId: entry.queueId });
      });
    },
  };
}
