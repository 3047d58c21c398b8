import type { DayFigures, Durations, QuoteHour } from "./day_figures.ts";

/** Headline figures of a set of entries; minutes to one decimal, rates to four. */
export interface Totals {
  joined: number;
  served: number;
  noShow: number;
  cancelled: number;
  /** served + no-show + cancelled: the entries whose outcome is known. */
  finished: number;
  completionRate: number | null;
  noShowRate: number | null;
  cancellationRate: number | null;
  avgWaitMinutes: number | null;
  p90WaitMinutes: number | null;
  avgServiceMinutes: number | null;
  p90ServiceMinutes: number | null;
}

export interface QuoteAccuracy {
  /** Parties called that had been quoted a wait when they joined. */
  entries: number;
  /** Mean of (actual wait − quoted wait): positive means people waited longer than told. */
  meanErrorMinutes: number | null;
  meanAbsErrorMinutes: number | null;
  /** Share of parties who waited longer than quoted. */
  underestimatedShare: number | null;
  byHour: Array<{
    hour: number;
    entries: number;
    meanErrorMinutes: number | null;
    underestimatedShare: number | null;
  }>;
}

export function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : round(n / d, 4);
}

function meanMinutes(d: Durations): number | null {
  return d.count === 0 ? null : round(d.sumSeconds / d.count / 60, 1);
}

/** Nearest-rank percentile over whole minutes (each duration rounded to its minute). */
export function percentileMinutes(d: Durations, p: number): number | null {
  if (d.count === 0) return null;
  const rank = Math.ceil(p * d.count);
  const keys = Object.keys(d.minutes).map(Number).sort((a, b) => a - b);
  let seen = 0;
  for (const k of keys) {
    seen += d.minutes[String(k)] ?? 0;
    if (seen >= rank) return k;
  }
  return keys[keys.length - 1] ?? null;
}

export function totalsOf(f: DayFigures): Totals {
  const finished = f.served + f.noShow + f.cancelled;
  return {
    joined: f.joined,
    served: f.served,
    noShow: f.noShow,
    cancelled: f.cancelled,
    finished,
    completionRate: ratio(f.served, finished),
    noShowRate: ratio(f.noShow, finished),
    cancellationRate: ratio(f.cancelled, finished),
    avgWaitMinutes: meanMinutes(f.wait),
    p90WaitMinutes: percentileMinutes(f.wait, 0.9),
    avgServiceMinutes: meanMinutes(f.service),
    p90ServiceMinutes: percentileMinutes(f.service, 0.9),
  };
}

function quoteMean(q: QuoteHour, key: "errorSumSeconds" | "absErrorSumSeconds"): number | null {
  return q.count === 0 ? null : round(q[key] / q.count / 60, 1);
}

export function quoteAccuracyOf(f: DayFigures): QuoteAccuracy {
  const all: QuoteHour = { count: 0, errorSumSeconds: 0, absErrorSumSeconds: 0, under: 0 };
  const byHour: QuoteAccuracy["byHour"] = [];
  for (let hour = 0; hour < 24; hour++) {
    const q = f.quotes[String(hour)];
    if (!q || q.count === 0) continue;
    all.count += q.count;
    all.errorSumSeconds += q.errorSumSeconds;
    all.absErrorSumSeconds += q.absErrorSumSeconds;
    all.under += q.under;
    byHour.push({
      hour,
      entries: q.count,
      meanErrorMinutes: quoteMean(q, "errorSumSeconds"),
      underestimatedShare: ratio(q.under, q.count),
    });
  }
  return {
    entries: all.count,
    meanErrorMinutes: quoteMean(all, "errorSumSeconds"),
    meanAbsErrorMinutes: quoteMean(all, "absErrorSumSeconds"),
    underestimatedShare: ratio(all.under, all.count),
    byHour,
  };
}

/** The roll-up row's summary columns (the spec's QueueAnalytics model). */
export function summaryColumns(f: DayFigures) {
  const t = totalsOf(f);
  let peakHour: number | null = null;
  f.hourly.forEach((n, h) => {
    if (n > 0 && (peakHour === null || n > (f.hourly[peakHour] ?? 0))) peakHour = h;
  });
  return {
    totalCustomers: f.joined,
    averageWaitTime: t.avgWaitMinutes ?? 0,
    peakHour,
    completionRate: t.completionRate ?? 0,
    noShowRate: t.noShowRate ?? 0,
  };
}
