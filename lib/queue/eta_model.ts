/**
 * Wait estimates learned from a queue's own history of calls. Pure: the caller loads the calls and
 * caches the model; `estimateWaitMinutes` is cheap enough to run for every party on every update.
 *
 * A queue's pace shows in the time between consecutive calls, counted only while somebody was
 * waiting. Those intervals are learned per party-size bucket and local hour, backed off to coarser
 * buckets when a cell has few samples. The quote adds a margin measured by replaying the history
 * through the model, because a customer forgives an early call but not a late one.
 */

/** One past call of the queue, from the database. */
export interface CallRecord {
  /** Epoch ms. */
  joinedAt: number;
  /** Epoch ms. */
  calledAt: number;
  partySize: number;
}

/** Mean intervals per cell `bucket * 24 + local hour`, after backoff to coarser buckets. */
export interface IntervalTable {
  minutes: number[];
  /** Decay-weighted samples of the cell itself, before backoff. */
  counts: number[];
}

/** What a queue's history says about its pace. */
export interface EtaModel {
  /** `"fallback"` until there is enough history; then every quote is `ahead × fallbackMinutes`. */
  source: "history" | "fallback";
  fallbackMinutes: number;
  timeZoneOffsetMinutes: number;
  /** Decay-weighted number of call intervals the model rests on. */
  samples: number;
  /** Minutes from the previous call to a call, by the called party's size bucket and hour. */
  call: IntervalTable;
  /** Minutes between calls of one size bucket while it had a party waiting: its tables' pace. */
  sameSize: IntervalTable;
  /** `[bucket ahead * 4 + own bucket]`: share of the parties in front called before this one. */
  calledFirst: number[];
  /** Per own size bucket: minutes added per √minute of expected wait, from replayed history. */
  margins: number[];
}

/** Party-size buckets: 1–2, 3–4, 5–6, 7+. */
const BUCKETS = 4;
const HOURS = 24;
const CELLS = BUCKETS * HOURS;
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
/** Nobody is assumed to wait longer than this; bounds the replay of who was ahead of whom. */
const MAX_WAIT_MS = 6 * 60 * MINUTE_MS;
/** The share of past waits the quote would have covered. */
const SAFE_QUANTILE = 0.85;

/** The size bucket of a party: 0 for 1–2, 1 for 3–4, 2 for 5–6, 3 for 7 and more. */
function sizeBucket(partySize: number): number {
  return Math.min(Math.max(Math.ceil(partySize / 2) - 1, 0), BUCKETS - 1);
}

function localHour(epochMs: number, offsetMinutes: number): number {
  const hour = Math.floor((epochMs / MINUTE_MS + offsetMinutes) / 60) % HOURS;
  return hour < 0 ? hour + HOURS : hour;
}

type Sample = { minutes: number; weight: number; cell: number };
type Window = { now: number; since: number; offset: number };

function weightOf(calledAt: number, win: Window): number {
  return 0.5 ** ((win.now - calledAt) / DAY_MS / HALF_LIFE_DAYS);
}

/**
 * Busy intervals of `calls` (sorted by `calledAt`). A call's interval starts at the previous call
 * or, when nobody still to be called had joined by then, at the first such join: time with an
 * empty queue is not service time. With calls in join order this is
 * `calledAt - max(previous calledAt, joinedAt)`.
 */
function busyIntervals(calls: CallRecord[], win: Window): Sample[] {
  const earliestJoinFrom = new Array<number>(calls.length + 1).fill(Infinity);
  for (let i = calls.length - 1; i >= 0; i--) {
    earliestJoinFrom[i] = Math.min(calls[i]!.joinedAt, earliestJoinFrom[i + 1]!);
  }
  const samples: Sample[] = [];
  for (let i = 1; i < calls.length; i++) {
    const call = calls[i]!;
    if (call.calledAt < win.since) continue;
    const start = Math.max(calls[i - 1]!.calledAt, earliestJoinFrom[i]!);
    samples.push({
      minutes: (call.calledAt - start) / MINUTE_MS,
      weight: weightOf(call.calledAt, win),
      cell: sizeBucket(call.partySize) * HOURS + localHour(call.calledAt, win.offset),
    });
  }
  return samples;
}

/**
 * Clips intervals at `OUTLIER_MEAN_FACTOR` times the mean of the clipped ones (a fixed point). Not
 * the median: calls come in bursts when a big table frees, and the gaps between bursts are real.
 */
function clipOutliers(samples: Sample[]): Sample[] {
  const weight = samples.reduce((sum, s) => sum + s.weight, 0);
  let cap = Infinity;
  for (let i = 0; i < 20 && weight > 0; i++) {
    const mean = samples.reduce((sum, s) => sum + s.weight * Math.min(s.minutes, cap), 0) / weight;
    const next = Math.max(OUTLIER_MEAN_FACTOR * mean, 1);
    if (next >= cap - 0.01) break;
    cap = next;
  }
  return samples.map((s) => ({ ...s, minutes: Math.min(s.minutes, cap) }));
}

/** Decay-weighted count and sum of the intervals in each group. */
function sumsBy(samples: Sample[], key: (s: Sample) => number, groups: number) {
  const sums = Array.from({ length: groups }, () => ({ w: 0, sum: 0 }));
  for (const s of samples) {
    const g = sums[key(s)]!;
    g.w += s.weight;
    g.sum += s.weight * s.minutes;
  }
  return sums;
}

/** A group's mean, shrunk toward a coarser group's mean by `PRIOR_WEIGHT` pseudo-samples. */
function shrunkMean(group: { w: number; sum: number }, prior: number): number {
  return (group.sum + PRIOR_WEIGHT * prior) / (group.w + PRIOR_WEIGHT);
}

/**
 * Per-cell means: a cell backs off to its bucket's mean scaled by the hour's factor, so a size
 * with few samples at some hour still follows that hour's rush.
 */
function intervalTable(samples: Sample[], buckets: number[], hourFactor: number[]): IntervalTable {
  const cells = sumsBy(samples, (s) => s.cell, CELLS);
  return {
    minutes: cells.map((c, cell) =>
      shrunkMean(c, buckets[Math.floor(cell / HOURS)]! * hourFactor[cell % HOURS]!)
    ),
    counts: cells.map((c) => c.w),
  };
}

/** Visits each call in the window with its weight and the calls still waiting when it joined. */
function replay(
  byJoin: CallRecord[],
  win: Window,
  visit: (me: CallRecord, ahead: CallRecord[], weight: number) => void,
) {
  byJoin.forEach((me, j) => {
    if (me.calledAt < win.since) return;
    const ahead: CallRecord[] = [];
    for (let i = j - 1; i >= 0 && byJoin[i]!.joinedAt > me.joinedAt - MAX_WAIT_MS; i--) {
      if (byJoin[i]!.calledAt > me.joinedAt) ahead.push(byJoin[i]!);
    }
    visit(me, ahead.reverse(), weightOf(me.calledAt, win));
  });
}

/**
 * `[ahead bucket * 4 + own bucket]`: of the parties waiting when a party joined, the share called
 * before it. 1 when staff call strictly in order; lower when they seat whoever fits a free table.
 */
function calledFirstShares(byJoin: CallRecord[], win: Window): number[] {
  const before = new Array<number>(BUCKETS * BUCKETS).fill(0);
  const seen = new Array<number>(BUCKETS * BUCKETS).fill(0);
  replay(byJoin, win, (me, ahead, weight) => {
    for (const other of ahead) {
      const pair = sizeBucket(other.partySize) * BUCKETS + sizeBucket(me.partySize);
      seen[pair]! += weight;
      if (other.calledAt <= me.calledAt) before[pair]! += weight;
    }
  });
  return before.map((b, pair) => (b + PRIOR_WEIGHT) / (seen[pair]! + PRIOR_WEIGHT));
}

/** Where the expected wait of a party of one size bucket stands after the parties in front. */
interface Pace {
  /** Minutes until the queue's calls reach the parties in front. */
  queue: number;
  /** Minutes until tables of this party's size free up for the same-size parties in front. */
  table: number;
  /** The expected wait behind them (0 with nobody in front). */
  wait: number;
}

function startPace(): Pace {
  return { queue: 0, table: 0, wait: 0 };
}

/**
 * Moves `pace` (of a party in bucket `own`) one party further back: a party of bucket `bucket`
 * now stands in front too. Two paces bound the wait: the queue's, one call for each party in
 * front that is likely called first, then this party's; and that of tables for this party's
 * size. The hour moves on as the queue does, so a wait that runs into a rush is quoted at the
 * rush's pace. Never less than the wait one place further up the line.
 */
function stepPace(model: EtaModel, pace: Pace, own: number, bucket: number, now: number): void {
  const offset = model.timeZoneOffsetMinutes;
  const hourAt = (minutes: number) => localHour(now + minutes * MINUTE_MS, offset);
  const share = model.calledFirst[bucket * BUCKETS + own]!;
  pace.queue += share * model.call.minutes[bucket * HOURS + hourAt(pace.queue)]!;
  if (bucket === own) {
    pace.table += share * model.sameSize.minutes[own * HOURS + hourAt(pace.table)]!;
  }
  pace.wait = Math.max(
    pace.wait,
    pace.queue + model.call.minutes[own * HOURS + hourAt(pace.queue)]!,
    pace.table + model.sameSize.minutes[own * HOURS + hourAt(pace.table)]!,
  );
}

/** The expected wait in minutes of a party of `partySize` behind `ahead` (see `stepPace`). */
function expectedWait(
  model: EtaModel,
  ahead: ReadonlyArray<{ partySize: number }>,
  partySize: number,
  now: number,
): number {
  const own = sizeBucket(partySize);
  const pace = startPace();
  for (const party of ahead) stepPace(model, pace, own, sizeBucket(party.partySize), now);
  return pace.wait;
}

type Weighted = { value: number; weight: number };

/** The weighted `SAFE_QUANTILE` of `errors`, and their total weight. */
function safeQuantile(errors: Weighted[]): Weighted {
  const sorted = [...errors].sort((a, b) => a.value - b.value);
  const weight = sorted.reduce((sum, e) => sum + e.weight, 0);
  let rest = weight * SAFE_QUANTILE;
  for (const e of sorted) {
    rest -= e.weight;
    if (rest <= 0) return { value: e.value, weight };
  }
  return { value: 0, weight };
}

/**
 * Replays the window: each past call's wait against the model's expectation for the parties then
 * ahead of it. The margin, per size bucket (shrunk toward all sizes'), is the `SAFE_QUANTILE` of
 * the shortfall per √minute: the spread of a wait grows with it, but slower.
 */
function safetyMargins(model: EtaModel, byJoin: CallRecord[], win: Window): number[] {
  const errors = Array.from({ length: BUCKETS }, (): Weighted[] => []);
  replay(byJoin, win, (me, ahead, weight) => {
    if (ahead.length === 0) return;
    const expected = expectedWait(model, ahead, me.partySize, me.joinedAt);
    const wait = (me.calledAt - me.joinedAt) / MINUTE_MS;
    const value = (wait - expected) / Math.sqrt(expected + 1);
    errors[sizeBucket(me.partySize)]!.push({ value, weight });
  });
  const all = safeQuantile(errors.flat());
  return errors.map((e) => {
    const own = safeQuantile(e);
    const margin = (own.value * own.weight + all.value * PRIOR_WEIGHT) /
      (own.weight + PRIOR_WEIGHT);
    return Math.max(margin, 0);
  });
}

/**
 * Learns a queue's pace from its calls before `now` (last 14 days, recent ones weighing more).
 * With too little history the model quotes `fallbackMinutes` per party in front.
 * `timeZoneOffsetMinutes` is added to UTC to get the tenant's local time: 480 for UTC+8.
 */
export function buildEtaModel(
  history: CallRecord[],
  options: { now: number; fallbackMinutes: number; timeZoneOffsetMinutes?: number },
): EtaModel {
  const { now, fallbackMinutes } = options;
  const offset = options.timeZoneOffsetMinutes ?? 0;
  const win = { now, since: now - HISTORY_DAYS * DAY_MS, offset };
  const calls = history.filter((c) => c.calledAt <= now && c.calledAt >= c.joinedAt)
    .sort((a, b) => a.calledAt - b.calledAt);
  const samples = clipOutliers(busyIntervals(calls, win));
  const all = sumsBy(samples, () => 0, 1)[0]!;
  const filled = (value: number) => Array<number>(CELLS).fill(value);
  const flat = { minutes: filled(fallbackMinutes), counts: filled(0) };
  const model: EtaModel = {
    source: "fallback",
    fallbackMinutes,
    timeZoneOffsetMinutes: offset,
    samples: all.w,
    call: flat,
    sameSize: flat,
    calledFirst: new Array<number>(BUCKETS * BUCKETS).fill(1),
    margins: new Array<number>(BUCKETS).fill(0),
  };
  if (all.w < MIN_SAMPLES) return model;

  // Floored so that a history of simultaneous calls cannot divide by zero.
  const overall = Math.max(all.sum / all.w, 0.01);
  const hourFactor = sumsBy(samples, (s) => s.cell % HOURS, HOURS)
    .map((h) => shrunkMean(h, overall) / overall);
  // A bucket with few calls of its own backs off to the queue as a whole.
  const buckets = sumsBy(samples, (s) => Math.floor(s.cell / HOURS), BUCKETS)
    .map((b) => shrunkMean(b, overall));
  model.call = intervalTable(samples, buckets, hourFactor);
  const sameSamples = buckets.flatMap((_, b) =>
    clipOutliers(busyIntervals(calls.filter((c) => sizeBucket(c.partySize) === b), win))
  );
  const sameBuckets = sumsBy(sameSamples, (s) => Math.floor(s.cell / HOURS), BUCKETS)
    .map((b, i) => shrunkMean(b, buckets[i]!));
  model.sameSize = intervalTable(sameSamples, sameBuckets, hourFactor);
  const byJoin = [...calls].sort((a, b) => a.joinedAt - b.joinedAt);
  model.calledFirst = calledFirstShares(byJoin, win);
  model.source = "history";
  model.margins = safetyMargins(model, byJoin, win);
  return model;
}

/** The quote for an expected wait: the margin on top, whole minutes rounded up. */
function quoteMinutes(model: EtaModel, expected: number, own: number): number {
  const quote = expected + model.margins[own]! * Math.sqrt(expected + 1);
  return Math.ceil(quote - 1e-6);
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
  return quoteMinutes(model, expectedWait(model, ahead, partySize, now), sizeBucket(partySize));
}

/**
 * `estimateWaitMinutes` for every party of a line, front first, each behind the parties before
 * it, in one pass: one running pace per size bucket, so a line of n costs O(n), not O(n²).
 */
export function estimateLineMinutes(
  model: EtaModel,
  line: ReadonlyArray<{ partySize: number }>,
  now: number,
): number[] {
  if (model.source === "fallback") {
    return line.map((_, i) => i === 0 ? 0 : Math.ceil(i * model.fallbackMinutes));
  }
  const paces = Array.from({ length: BUCKETS }, startPace);
  const quotes = new Array<number>(line.length);
  for (let i = 0; i < line.length; i++) {
    const bucket = sizeBucket(line[i]!.partySize);
    quotes[i] = i === 0 ? 0 : quoteMinutes(model, paces[bucket]!.wait, bucket);
    for (let own = 0; own < BUCKETS; own++) stepPace(model, paces[own]!, own, bucket, now);
  }
  return quotes;
}
