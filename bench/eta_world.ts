/**
 * A seeded simulation of one restaurant's waitlist, for `deno task bench:eta`.
 *
 * Parties arrive as a Poisson process whose rate follows the local hour (lunch and dinner rushes,
 * closed at night) and the day of the week, with a random busyness per day. A party that finds a
 * fitting table free and nobody waiting is seated at once and never joins the queue; the others
 * join it, and some give up after a while. Staff call a party when a table fits it (see
 * `WorldSettings.policy`); a few called parties never show up, and a few calls are recorded hours
 * late because somebody forgot to press the button.
 *
 * It knows nothing of estimators: at every join it asks `hooks.quote`, and at every local midnight
 * it hands `hooks.startDay` the calls recorded before then, so an estimator never sees the future.
 */
import type { CallRecord } from "../lib/queue/eta_model.ts";

export interface WorldSettings {
  seed: number;
  days: number;
  /** Table capacities. */
  tables: number[];
  /** `"fit"`: staff call the first waiting party that fits a free table; `"strict"`: the head. */
  policy: "fit" | "strict";
  timeZoneOffsetMinutes: number;
}

export interface WorldHooks {
  startDay(dayStart: number, history: CallRecord[]): void;
  quote(now: number, ahead: ReadonlyArray<{ partySize: number }>, partySize: number): number[];
}

/** A party that joined the queue: its quotes at join time and, unless it gave up, its wait. */
export interface QueuedParty {
  day: number;
  partySize: number;
  aheadAtJoin: number;
  quotes: number[];
  /** `calledAt - joinedAt` in minutes; undefined when the party gave up before being called. */
  waitMinutes?: number;
}

/** Parties arriving per hour on a weekday, by local hour; none at other hours. */
const ARRIVALS_PER_HOUR: Record<number, number> = {
  11: 6,
  12: 17,
  13: 14,
  14: 7,
  15: 4,
  16: 4,
  17: 7,
  18: 15,
  19: 18,
  20: 13,
  21: 6,
};
/** Busier Friday to Sunday (day 0 is a Monday). */
const DAY_OF_WEEK_FACTOR = [1, 0.9, 1, 1.05, 1.25, 1.35, 1.2];
/** Cumulative share of party sizes 1..8: mostly 2, some 1 and 3–4, few 5–8. */
const SIZE_CDF = [0.14, 0.6, 0.72, 0.88, 0.92, 0.96, 0.98, 1];
/** Median dining minutes by party size 1..8. */
const DINING_MEDIAN = [35, 45, 55, 60, 70, 75, 85, 90];
const STEP_MINUTES = 0.25;
const NO_SHOW_RATE = 0.06;
/** Minutes a table is held for a called party that never comes. */
const NO_SHOW_GRACE = 10;
/** Share of calls recorded late because staff forgot to press the button. */
const LATE_RECORD_RATE = 0.004;
/** A host does not seat a party at a table this many seats too big. */
const MAX_EMPTY_SEATS = 4;

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function exponential(rand: () => number, mean: number): number {
  return -Math.log(1 - rand()) * mean;
}

/** Arrival minutes of one day: a Poisson process with the hourly rate, by thinning. */
function arrivalsOfDay(rand: () => number, dayFactor: number): number[] {
  const peak = Math.max(...Object.values(ARRIVALS_PER_HOUR)) * dayFactor;
  const times: number[] = [];
  for (let t = exponential(rand, 60 / peak); t < 24 * 60; t += exponential(rand, 60 / peak)) {
    const rate = (ARRIVALS_PER_HOUR[Math.floor(t / 60)] ?? 0) * dayFactor;
    if (rand() < rate / peak) times.push(t);
  }
  return times;
}

function partySizeOf(rand: () => number): number {
  const u = rand();
  return SIZE_CDF.findIndex((p) => u < p) + 1;
}

function diningMinutes(rand: () => number, size: number, minute: number): number {
  const lunch = minute < 16 * 60 ? 0.85 : 1;
  return (DINING_MEDIAN[size - 1] ?? 90) * lunch * Math.exp(0.35 * gaussian(rand));
}

interface Waiting {
  party: QueuedParty;
  joinedAt: number;
  givesUpAt: number;
}

interface Table {
  seats: number;
  /** Minute the host notices it free (after a short reaction time). */
  freeAt: number;
}

function fits(table: Table, size: number, now: number): boolean {
  return table.freeAt <= now && table.seats >= size && table.seats - size <= MAX_EMPTY_SEATS;
}

/** The smallest free table that fits `size`, if any. */
function tableFor(tables: Table[], size: number, now: number): Table | undefined {
  let best: Table | undefined;
  for (const t of tables) if (fits(t, size, now) && (!best || t.seats < best.seats)) best = t;
  return best;
}

/** Runs `settings.days` days: every party that joined the queue, and how many did not need to. */
export function simulateWorld(
  settings: WorldSettings,
  hooks: WorldHooks,
): { parties: QueuedParty[]; walkIns: number } {
  const rand = mulberry32(settings.seed);
  // Local midnight of Monday 2025-01-06 in the restaurant's time zone.
  const epoch = Date.UTC(2025, 0, 6) - settings.timeZoneOffsetMinutes * 60_000;
  const history: CallRecord[] = [];
  const parties: QueuedParty[] = [];
  let walkIns = 0;
  for (let day = 0; day < settings.days; day++) {
    const dayStart = epoch + day * 86_400_000;
    const ms = (minute: number) => dayStart + minute * 60_000;
    hooks.startDay(dayStart, history.filter((c) => c.calledAt < dayStart));
    const busyness = (DAY_OF_WEEK_FACTOR[day % 7] ?? 1) * Math.exp(0.15 * gaussian(rand));
    const arrivals = arrivalsOfDay(rand, busyness);
    const tables: Table[] = settings.tables.map((seats) => ({ seats, freeAt: 0 }));
    let queue: Waiting[] = [];
    let next = 0;
    for (let now = 0; next < arrivals.length || queue.length > 0; now += STEP_MINUTES) {
      for (; next < arrivals.length && arrivals[next]! <= now; next++) {
        const at = arrivals[next]!;
        const size = partySizeOf(rand);
        const table = queue.length === 0 ? tableFor(tables, size, at) : undefined;
        if (table) {
          table.freeAt = at + diningMinutes(rand, size, at) + 3 + rand() * 3;
          walkIns++;
          continue;
        }
        const ahead = queue.map((w) => ({ partySize: w.party.partySize }));
        const quotes = hooks.quote(ms(at), ahead, size);
        const party = { day, partySize: size, aheadAtJoin: ahead.length, quotes };
        parties.push(party);
        queue.push({ party, joinedAt: at, givesUpAt: at + 10 + exponential(rand, 150) });
      }
      queue = queue.filter((w) => w.givesUpAt > now);
      // Tables come free after dining, clearing and a host's reaction time; walk the line.
      for (let i = 0; i < queue.length;) {
        const w = queue[i]!;
        const table = tableFor(tables, w.party.partySize, now);
        if (!table) {
          if (settings.policy === "strict") break;
          i++;
          continue;
        }
        queue.splice(i, 1);
        w.party.waitMinutes = now - w.joinedAt;
        const recorded = rand() < LATE_RECORD_RATE ? now + 60 + rand() * 120 : now;
        history.push({
          joinedAt: ms(w.joinedAt),
          calledAt: ms(recorded),
          partySize: w.party.partySize,
        });
        const stay = rand() < NO_SHOW_RATE
          ? NO_SHOW_GRACE
          : 2 + diningMinutes(rand, w.party.partySize, now) + 3;
        table.freeAt = now + stay + rand() * 3;
      }
    }
  }
  return { parties, walkIns };
}
