import type { Tx } from "../db/transaction_repo.ts";
import type { AnalyticsQuery } from "./analytics_schema.ts";
import { type DayFigures, figuresByQueueDay, mergeFigures, parseFigures } from "./day_figures.ts";
import { addDays, eachDay, type LocalClock } from "./local_time.ts";
import { findRolledThrough, listEntriesJoinedBetween, listRollups } from "./analytics_repo.ts";

const HOUR_MS = 3_600_000;

/** The instants a query covers, and the local days they touch. */
export interface Window {
  start: Date;
  end: Date;
  firstDay: string;
  lastDay: string;
  /** What was asked: "7d", or "2026-01-01..2026-01-31". */
  label: string;
}

export function resolveWindow(q: AnalyticsQuery, clock: LocalClock, now: Date): Window {
  if (q.from && q.to) {
    return {
      start: clock.dayStart(q.from),
      end: clock.dayStart(addDays(q.to, 1)),
      firstDay: q.from,
      lastDay: q.to,
      label: `${q.from}..${q.to}`,
    };
  }
  const period = q.period ?? "7d";
  const start = new Date(now.getTime() - Number.parseInt(period) * 24 * HOUR_MS);
  return {
    start,
    end: now,
    firstDay: clock.place(start).date,
    lastDay: clock.place(now.getTime() - 1).date,
    label: period,
  };
}

/** Figures of one queue on one local day, for every queue and day of a window. */
export type QueueDays = Map<string, Map<string, DayFigures>>;

/**
 * Loads a window's figures: whole days already rolled up from `queue_analytics`, the rest (today,
 * a partly covered first day, days the nightly job has not reached) from the raw entries.
 */
export async function loadWindowFigures(
  trx: Tx,
  clock: LocalClock,
  win: Window,
  queueId?: string,
): Promise<QueueDays> {
  const through = await findRolledThrough(trx);
  const rolled: string[] = [];
  const raw: Array<[Date, Date]> = [];
  for (const day of eachDay(win.firstDay, win.lastDay)) {
    const ds = clock.dayStart(day);
    const de = clock.dayStart(addDays(day, 1));
    if (through && day <= through && ds >= win.start && de <= win.end) {
      rolled.push(day);
      continue;
    }
    const from = ds < win.start ? win.start : ds;
    const to = de > win.end ? win.end : de;
    if (from >= to) continue;
    const last = raw[raw.length - 1];
    if (last && last[1].getTime() === from.getTime()) last[1] = to;
    else raw.push([from, to]);
  }
  const out: QueueDays = new Map();
  const put = (qid: string, date: string, f: DayFigures) => {
    let days = out.get(qid);
    if (!days) out.set(qid, days = new Map());
    const had = days.get(date);
    days.set(date, had ? mergeFigures(had, f) : f);
  };
  if (rolled.length > 0) {
    const rows = await listRollups(trx, rolled[0]!, rolled[rolled.length - 1]!, queueId);
    for (const r of rows) put(r.queueId, r.date, parseFigures(r.figures));
  }
  for (const [from, to] of raw) {
    const entries = await listEntriesJoinedBetween(trx, from, to, queueId);
    for (const [qid, days] of figuresByQueueDay(entries, clock)) {
      for (const [date, f] of days) put(qid, date, f);
    }
  }
  return out;
}
