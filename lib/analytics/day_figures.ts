import type { EntryStatus } from "../db/schema.ts";
import type { LocalClock } from "./local_time.ts";

/** What the figures need of one queue entry. */
export interface FigureEntry {
  queueId: string;
  status: EntryStatus;
  platform: string;
  joinedAt: Date;
  calledAt: Date | null;
  servedAt: Date | null;
  completedAt: Date | null;
  quotedWaitMinutes: number | null;
}

/** Durations: a count, their exact sum, and how many fell on each whole minute (for p90). */
export interface Durations {
  count: number;
  sumSeconds: number;
  minutes: Record<string, number>;
}

/** Quote errors (actual wait − quoted wait) of the parties that joined in one local hour. */
export interface QuoteHour {
  count: number;
  errorSumSeconds: number;
  absErrorSumSeconds: number;
  /** Parties who waited longer than they were told. */
  under: number;
}

/**
 * Everything the dashboard sums, for one queue on one local day (the roll-up row) or for any
 * set of entries. Sums merge exactly; percentiles come from the per-minute counts.
 */
export interface DayFigures {
  joined: number;
  served: number;
  noShow: number;
  cancelled: number;
  wait: Durations;
  service: Durations;
  /** Joins by local hour, 0–23. */
  hourly: number[];
  channels: Record<string, { joined: number; served: number }>;
  quotes: Record<string, QuoteHour>;
}

export function emptyFigures(): DayFigures {
  return {
    joined: 0,
    served: 0,
    noShow: 0,
    cancelled: 0,
    wait: { count: 0, sumSeconds: 0, minutes: {} },
    service: { count: 0, sumSeconds: 0, minutes: {} },
    hourly: Array.from({ length: 24 }, () => 0),
    channels: {},
    quotes: {},
  };
}

const SERVED: ReadonlySet<EntryStatus> = new Set(["seated", "completed"]);

function addDuration(d: Durations, seconds: number): void {
  d.count++;
  d.sumSeconds += seconds;
  const key = String(Math.round(seconds / 60));
  d.minutes[key] = (d.minutes[key] ?? 0) + 1;
}

/** Adds one entry to a day's figures; `hour` is its local join hour. */
export function addEntry(f: DayFigures, e: FigureEntry, hour: number): void {
  f.joined++;
  f.hourly[hour] = (f.hourly[hour] ?? 0) + 1;
  const channel = f.channels[e.platform] ??= { joined: 0, served: 0 };
  channel.joined++;
  const served = SERVED.has(e.status);
  if (served) {
    f.served++;
    channel.served++;
  } else if (e.status === "no_show") f.noShow++;
  else if (e.status === "cancelled") f.cancelled++;
  if (!e.calledAt) return;
  const waitSeconds = Math.max(0, (e.calledAt.getTime() - e.joinedAt.getTime()) / 1000);
  addDuration(f.wait, waitSeconds);
  const servedAt = e.servedAt ?? e.completedAt;
  if (served && servedAt) {
    addDuration(f.service, Math.max(0, (servedAt.getTime() - e.calledAt.getTime()) / 1000));
  }
  if (e.quotedWaitMinutes !== null) {
    const error = waitSeconds - e.quotedWaitMinutes * 60;
    const q = f.quotes[String(hour)] ??= {
      count: 0,
      errorSumSeconds: 0,
      absErrorSumSeconds: 0,
      under: 0,
    };
    q.count++;
    q.errorSumSeconds += error;
    q.absErrorSumSeconds += Math.abs(error);
    if (error > 0) q.under++;
  }
}

function mergeDurations(into: Durations, d: Durations): void {
  into.count += d.count;
  into.sumSeconds += d.sumSeconds;
  for (const [k, n] of Object.entries(d.minutes)) into.minutes[k] = (into.minutes[k] ?? 0) + n;
}

/** Adds `f` into `into` (exact: every part is a count or a sum). */
export function mergeFigures(into: DayFigures, f: DayFigures): DayFigures {
  into.joined += f.joined;
  into.served += f.served;
  into.noShow += f.noShow;
  into.cancelled += f.cancelled;
  mergeDurations(into.wait, f.wait);
  mergeDurations(into.service, f.service);
  f.hourly.forEach((n, h) => into.hourly[h] = (into.hourly[h] ?? 0) + n);
  for (const [k, c] of Object.entries(f.channels)) {
    const to = into.channels[k] ??= { joined: 0, served: 0 };
    to.joined += c.joined;
    to.served += c.served;
  }
  for (const [h, q] of Object.entries(f.quotes)) {
    const to = into.quotes[h] ??= { count: 0, errorSumSeconds: 0, absErrorSumSeconds: 0, under: 0 };
    to.count += q.count;
    to.errorSumSeconds += q.errorSumSeconds;
    to.absErrorSumSeconds += q.absErrorSumSeconds;
    to.under += q.under;
  }
  return into;
}

/** Figures per queue per local day, from raw entries. */
export function figuresByQueueDay(
  entries: Iterable<FigureEntry>,
  clock: LocalClock,
): Map<string, Map<string, DayFigures>> {
  const out = new Map<string, Map<string, DayFigures>>();
  for (const e of entries) {
    const { date, hour } = clock.place(e.joinedAt);
    let days = out.get(e.queueId);
    if (!days) out.set(e.queueId, days = new Map());
    let f = days.get(date);
    if (!f) days.set(date, f = emptyFigures());
    addEntry(f, e, hour);
  }
  return out;
}

/** Reads a stored roll-up, tolerating rows written before a field existed. */
export function parseFigures(raw: unknown): DayFigures {
  const f = emptyFigures();
  if (raw && typeof raw === "object") mergeFigures(f, { ...emptyFigures(), ...raw } as DayFigures);
  return f;
}
