import { withTenant } from "../db/transaction_repo.ts";
import { notFoundError } from "../errors.ts";
import type { TenantScope } from "../scope.ts";
import type { AnalyticsQuery } from "./analytics_schema.ts";
import { type DayFigures, emptyFigures, mergeFigures } from "./day_figures.ts";
import { addDays, eachDay, localClock, weekdayOf } from "./local_time.ts";
import { type QuoteAccuracy, quoteAccuracyOf, type Totals, totalsOf } from "./summary.ts";
import { loadWindowFigures, type QueueDays, resolveWindow } from "./window.ts";
import {
  countLiveEntries,
  findTenantTimeZone,
  listEntriesJoinedBetween,
  listQueueNames,
} from "./analytics_repo.ts";
import { figuresByQueueDay } from "./day_figures.ts";

/** Channels in the order the dashboard lists them (the entry's `platform`). */
const CHANNEL_ORDER = ["web", "whatsapp", "sms", "api", "messenger"];

export interface DailyPoint {
  date: string;
  joined: number;
  served: number;
  noShow: number;
  cancelled: number;
  avgWaitMinutes: number | null;
}

export interface AnalyticsReport {
  timeZone: string;
  period: { label: string; from: string; to: string; firstDay: string; lastDay: string };
  totals: Totals;
  /** Joins by local weekday (0 = Sunday) × hour. */
  peaks: { grid: number[][]; busiest: { weekday: number; hour: number; joined: number } | null };
  daily: DailyPoint[];
  queues: Array<{ queueId: string; name: string } & Totals>;
  channels: Array<{ channel: string; joined: number; served: number }>;
  quoteAccuracy: QuoteAccuracy;
  /** Right now: who is in line, and today's (local day's) joins and services so far. */
  today: { date: string; waiting: number; called: number; joined: number; served: number };
}

function sumAll(days: Iterable<DayFigures>): DayFigures {
  const total = emptyFigures();
  for (const f of days) mergeFigures(total, f);
  return total;
}

function peaksOf(data: QueueDays): AnalyticsReport["peaks"] {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const days of data.values()) {
    for (const [date, f] of days) {
      const row = grid[weekdayOf(date)]!;
      f.hourly.forEach((n, h) => row[h] = row[h]! + n);
    }
  }
  let busiest: AnalyticsReport["peaks"]["busiest"] = null;
  grid.forEach((row, weekday) =>
    row.forEach((joined, hour) => {
      if (joined > 0 && (!busiest || joined > busiest.joined)) busiest = { weekday, hour, joined };
    })
  );
  return { grid, busiest };
}

function dailyOf(data: QueueDays, firstDay: string, lastDay: string): DailyPoint[] {
  return eachDay(firstDay, lastDay).map((date) => {
    const t = totalsOf(sumAll([...data.values()].flatMap((d) => d.get(date) ?? [])));
    return {
      date,
      joined: t.joined,
      served: t.served,
      noShow: t.noShow,
      cancelled: t.cancelled,
      avgWaitMinutes: t.avgWaitMinutes,
    };
  });
}

function channelsOf(total: DayFigures): AnalyticsReport["channels"] {
  const rank = (c: string) => {
    const i = CHANNEL_ORDER.indexOf(c);
    return i < 0 ? CHANNEL_ORDER.length : i;
  };
  return Object.entries(total.channels)
    .map(([channel, c]) => ({ channel, joined: c.joined, served: c.served }))
    .sort((a, b) => rank(a.channel) - rank(b.channel) || a.channel.localeCompare(b.channel));
}

/**
 * The dashboard's figures for a period, in the tenant's time zone; with `queueId`, one queue's
 * (404 when the queue is not the tenant's).
 */
export function buildAnalyticsReport(
  scope: TenantScope,
  query: AnalyticsQuery,
  options: { queueId?: string; now?: Date } = {},
): Promise<AnalyticsReport> {
  const { queueId } = options;
  const now = options.now ?? new Date();
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    const names = await listQueueNames(trx);
    if (queueId && !names.has(queueId)) throw notFoundError("queue");
    const timeZone = await findTenantTimeZone(trx);
    const clock = localClock(timeZone);
    const win = resolveWindow(query, clock, now);
    const data = await loadWindowFigures(trx, clock, win, queueId);
    const total = sumAll([...data.values()].flatMap((days) => [...days.values()]));
    const todayDate = clock.place(now).date;
    const todayStart = clock.dayStart(todayDate);
    // Most periods end now and so hold today already (read raw): no second read for it.
    const today = win.start <= todayStart && win.end >= now
      ? sumAll([...data.values()].flatMap((d) => d.get(todayDate) ?? []))
      : sumAll(
        [
          ...figuresByQueueDay(
            await listEntriesJoinedBetween(
              trx,
              todayStart,
              clock.dayStart(addDays(todayDate, 1)),
              queueId,
            ),
            clock,
          ).values(),
        ].flatMap((d) => [...d.values()]),
      );
    const live = await countLiveEntries(trx, queueId);
    const queues = [...names]
      .filter(([id, q]) => (queueId ? id === queueId : !q.deleted || data.has(id)))
      .map(([id, q]) => ({
        queueId: id,
        name: q.name,
        ...totalsOf(sumAll(data.get(id)?.values() ?? [])),
      }))
      .sort((a, b) => b.joined - a.joined || a.name.localeCompare(b.name));
    return {
      timeZone,
      period: {
        label: win.label,
        from: win.start.toISOString(),
        to: win.end.toISOString(),
        firstDay: win.firstDay,
        lastDay: win.lastDay,
      },
      totals: totalsOf(total),
      peaks: peaksOf(data),
      daily: dailyOf(data, win.firstDay, win.lastDay),
      queues,
      channels: channelsOf(total),
      quoteAccuracy: quoteAccuracyOf(total),
      today: { date: todayDate, ...live, joined: today.joined, served: today.served },
    };
  });
}
