/**
 * Wait estimates learned from a queue's own history of calls. Pure: the caller loads the calls and
 * caches the model; `estimateWaitMinutes` is cheap enough to run for every party on every update.
 *
 * A queue's throughput shows in the time between consecutive calls, counted only while somebody
 * was waiting. Those intervals are learned per party-size bucket and local hour, backed off to
 * coarser buckets when a cell has few samples, and quoted with a margin for their spread, because
 * a customer forgives an early call but not a late one.
 */

/** One past call of the queue, from the database. */
export interface CallRecord {
  /** Epoch ms. */
  joinedAt: number;
  /** Epoch ms. */
  calledAt: number;
  partySize: number;
}

/** Interval statistics per cell `bucket * 24 + local hour`, after backoff to coarser buckets. */
export interface IntervalTable {
  /** Mean interval in minutes. */
  mean: number[];
  /** Variance of one interval in minutes². */
  variance: number[];
  /** Decay-weighted samples of the cell itself, before backoff. */
  counts: number[];
}

/** What a queue's history says about its pace. */
export interface EtaModel {
  /** `"fallback"` until there is enough history; then every quote is `ahead × fallbackMinutes`. */
  source: "history" | "fallback";
  fallbackMinutes: number;
  timeZoneOffsetMinutes: number;
  /** Decay-weighted number of calls the model rests on. */
  samples: number;
  /** Minutes from the previous call to a call, by the called party's size bucket and hour. */
  call: IntervalTable;
  /**
   * Minutes from the previous call of a size bucket to the next, while a party of that bucket
   * was waiting: how often a table for that size comes free.
   */
  sameSize: IntervalTable;
  /** `[bucket ahead * 4 + own bucket]`: share of parties in front called before this one. */
  calledFirst: number[];
}

/** Upper bounds of the party-size buckets: 1–2, 3–4, 5–6, 7+. */
const SIZE_BUCKET_MAX = [2, 4, 6, Infinity];
const HOURS = 24;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Calls older than this are not used. */
const HISTORY_DAYS = 14;
/** A call this many days old weighs half as much as one from today. */
const HALF_LIFE_DAYS = 7;
/** Below this decay-weighted number of intervals, quotes come from `fallbackMinutes`. */
const MIN_SAMPLES = 20;
/** Pseudo-samples of the coarser bucket mixed into each finer one (shrinkage strength). */
const PRIOR_WEIGHT = 8;
/** An interval beyond this multiple of the mean is clipped: a forgotten button, not service. */
const OUTLIER_MEAN_FACTOR = 8;
/** The margin in standard deviations of the summed intervals: about the 85th percentile. */
const SAFETY_Z = 1.0;

/** The size bucket of a party: 0 for 1–2, 1 for 3–4, 2 for 5–6, 3 for 7 and more. */
export function sizeBucket(partySize: number): number {
  const i = SIZE_BUCKET_MAX.findIndex((max) => partySize <= max);
  return i < 0 ? SIZE_BUCKET_MAX.length - 1 : i;
}

function localHour(epochMs: number, offsetMinutes: number): number {
  const hour = Math.floor((epochMs / MINUTE_MS + offsetMinutes) / 60) % HOURS;
  return hour < 0 ? hour + HOURS : hour;
}

interface Sample {
  minutes: number;
  weight: number;
  cell: number;
}

/**
 * Busy intervals of the calls in the window. A call's interval starts at the previous call, or,
 * when nobody who was still to be called had joined by then, at the first such join: time with an
 * empty queue is not service time. With calls in join order this is
 * `calledAt - max(previous calledAt, joinedAt)`.
 */
function busyIntervals(history: CallRecord[], now: number, offsetMinutes: number): Sample[] {
  const calls = history.filter((c) => c.calledAt <= now && c.calledAt >= c.joinedAt)
    .sort((a, b) => a.calledAt - b.calledAt);
  const earliestJoinFrom = new Array<number>(calls.length + 1).fill(Infinity);
  for (let i = calls.length - 1; i >= 0; i--) {
    earliestJoinFrom[i] = Math.min(calls[i]!.joinedAt, earliestJoinFrom[i + 1]!);
  }
  const samples: Sample[] = [];
  const since = now - HISTORY_DAYS * DAY_MS;
  for (let i = 1; i < calls.length; i++) {
    const call = calls[i]!;
    if (call.calledAt < since) continue;
    const start = Math.max(calls[i - 1]!.calledAt, earliestJoinFrom[i]!);
    const ageDays = (now - call.calledAt) / DAY_MS;
    samples.push({
      minutes: (call.calledAt - start) / MINUTE_MS,
      weight: 0.5 ** (ageDays / HALF_LIFE_DAYS),
      cell: sizeBucket(call.partySize) * HOURS + localHour(call.calledAt, offsetMinutes),
    });
  }
  return samples;
}

/**
 * The length beyond which an interval is clipped: `OUTLIER_MEAN_FACTOR` times the mean of the
 * clipped intervals (a fixed point, found by iterating). Relative to the mean, not the median,
 * because calls come in bursts: when a big table frees, several parties may be called within a
 * minute, and the long waits between bursts are real service time.
 */
function outlierCap(samples: Sample[]): number {
  const weight = samples.reduce((sum, s) => sum + s.weight, 0);
  let cap = Infinity;
  for (let i = 0; i < 20; i++) {
    const mean = samples.reduce((sum, s) => sum + s.weight * Math.min(s.minutes, cap), 0) / weight;
    const next = Math.max(OUTLIER_MEAN_FACTOR * mean, 1);
    if (next >= cap - 0.01) break;
    cap = next;
  }
  return cap;
}

/** Decay-weighted count, sum and sum of squares of the intervals in one group. */
interface Moments {
  w: number;
  sum: number;
  sq: number;
}

function emptyMoments(): Moments {
  return { w: 0, sum: 0, sq: 0 };
}

function addSample(m: Moments, minutes: number, weight: number) {
  m.w += weight;
  m.sum += weight * minutes;
  m.sq += weight * minutes * minutes;
}

/** Mean and second moment of a group, shrunk toward a coarser group's by `PRIOR_WEIGHT`. */
function shrink(m: Moments, prior: { mean: number; sq: number }): { mean: number; sq: number } {
  const total = m.w + PRIOR_WEIGHT;
  return {
    mean: (m.sum + PRIOR_WEIGHT * prior.mean) / total,
    sq: (m.sq + PRIOR_WEIGHT * prior.sq) / total,
  };
}

/**
 * Learns a queue's busy-time call intervals from its calls before `now` (last 14 days, recent
 * ones weighing more). With too little history the model quotes `fallbackMinutes` per party.
 */
export function buildEtaModel(
  history: CallRecord[],
  options: { now: number; fallbackMinutes: number; timeZoneOffsetMinutes?: number },
): EtaModel {
  const { now, fallbackMinutes } = options;
  const timeZoneOffsetMinutes = options.timeZoneOffsetMinutes ?? 0;
  const cells = SIZE_BUCKET_MAX.length * HOURS;
  const samples = busyIntervals(history, now, timeZoneOffsetMinutes);
  const weight = samples.reduce((sum, s) => sum + s.weight, 0);
  const model: EtaModel = {
    source: "fallback",
    fallbackMinutes,
    timeZoneOffsetMinutes,
    samples: weight,
    outlierCapMinutes: Infinity,
    meanMinutes: new Array<number>(cells).fill(fallbackMinutes),
    varianceMinutes: new Array<number>(cells).fill(0),
    counts: new Array<number>(cells).fill(0),
  };
  if (weight < MIN_SAMPLES) return model;

  const cap = outlierCap(samples);
  const all = emptyMoments();
  const byBucket = SIZE_BUCKET_MAX.map(emptyMoments);
  const byHour = Array.from({ length: HOURS }, emptyMoments);
  const byCell = Array.from({ length: cells }, emptyMoments);
  for (const s of samples) {
    const minutes = Math.min(s.minutes, cap);
    addSample(all, minutes, s.weight);
    addSample(byBucket[Math.floor(s.cell / HOURS)]!, minutes, s.weight);
    addSample(byHour[s.cell % HOURS]!, minutes, s.weight);
    addSample(byCell[s.cell]!, minutes, s.weight);
  }
  const overall = { mean: all.sum / all.w, sq: all.sq / all.w };
  // The hour's effect is a factor on the overall mean, so that a size bucket with few samples at
  // some hour still follows that hour's rush.
  const hourFactor = byHour.map((m) => shrink(m, overall).mean / overall.mean);
  const buckets = byBucket.map((m) => shrink(m, overall));
  for (let cell = 0; cell < cells; cell++) {
    const bucket = buckets[Math.floor(cell / HOURS)]!;
    const f = hourFactor[cell % HOURS]!;
    const m = byCell[cell]!;
    const { mean, sq } = shrink(m, { mean: bucket.mean * f, sq: bucket.sq * f * f });
    model.meanMinutes[cell] = mean;
    model.varianceMinutes[cell] = Math.max(sq - mean * mean, 0);
    model.counts[cell] = m.w;
  }
  model.source = "history";
  model.outlierCapMinutes = cap;
  return model;
}

/**
 * Minutes until the party behind `ahead` is likely called. `ahead` = the waiting parties in
 * front, in order, with their sizes; `partySize` = this party's own size. 0 when nobody is ahead.
 * Whole minutes, rounded up, on the safe side.
 */
export function estimateWaitMinutes(
  model: EtaModel,
  ahead: ReadonlyArray<{ partySize: number }>,
  partySize: number,
  now: number,
): number {
  if (ahead.length === 0) return 0;
  if (model.source === "fallback") return Math.ceil(ahead.length * model.fallbackMinutes);
  let mean = 0;
  let variance = 0;
  // Each party in front takes one interval, then this party its own; the hour moves on as the
  // queue does, so a wait that runs into a rush is quoted at the rush's pace.
  const add = (size: number) => {
    const hour = localHour(now + mean * MINUTE_MS, model.timeZoneOffsetMinutes);
    const cell = sizeBucket(size) * HOURS + hour;
    mean += model.meanMinutes[cell] ?? model.fallbackMinutes;
    variance += model.varianceMinutes[cell] ?? 0;
  };
  for (const party of ahead) add(party.partySize);
  add(partySize);
  return Math.ceil(mean + SAFETY_Z * Math.sqrt(variance));
}
