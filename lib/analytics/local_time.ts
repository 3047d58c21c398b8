import { timeZoneOffsetMinutes } from "../queue/hours.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Zones change offset only on whole quarter hours, so one offset per quarter is exact. */
const QUARTER_MS = 15 * MINUTE_MS;

/** An instant's place in a time zone: its local day, hour and weekday (0 = Sunday). */
export interface LocalPlace {
  date: string;
  hour: number;
  weekday: number;
}

/**
 * Converts instants to a zone's local days and hours. `Intl` is slow per call, so offsets are
 * kept per quarter hour: a day of entries costs a handful of `Intl` calls, not one per entry.
 */
export interface LocalClock {
  timeZone: string;
  place(at: Date | number): LocalPlace;
  /** The instant local midnight starts `date` (YYYY-MM-DD). */
  dayStart(date: string): Date;
}

export function localClock(timeZone: string): LocalClock {
  const offsets = new Map<number, number>();
  function offsetAt(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      offset = timeZoneOffsetMinutes(timeZone, new Date(quarter * QUARTER_MS));
      if (offsets.size > 50_000) offsets.clear();
      offsets.set(quarter, offset);
    }
    return offset;
  }
  return {
    timeZone,
    place(at) {
      const ms = typeof at === "number" ? at : at.getTime();
      const local = new Date(ms + offsetAt(ms) * MINUTE_MS);
      return {
        date: local.toISOString().slice(0, 10),
        hour: local.getUTCHours(),
        weekday: local.getUTCDay(),
      };
    },
    dayStart(date) {
      const midnightUtc = Date.parse(`${date}T00:00:00Z`);
      // The offset at the guess, then at the answer: right on both sides of a DST change.
      let t = midnightUtc - offsetAt(midnightUtc) * MINUTE_MS;
      t = midnightUtc - offsetAt(t) * MINUTE_MS;
      return new Date(t);
    },
  };
}

/** `date` moved by `days` calendar days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The weekday of a calendar day, 0 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Every calendar day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}
