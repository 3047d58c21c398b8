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

/** One formatter and one offset cache per zone, kept across requests (both are small). */
const zones = new Map<string, { format: Intl.DateTimeFormat; offsets: Map<number, number> }>();

function zoneOf(timeZone: string) {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    zones.set(timeZone, zone = { format, offsets: new Map() });
  }
  return zone;
}

/** Minutes to add to UTC for local time (480 for UTC+8), at the start of `ms`'s quarter hour. */
function offsetMinutes(zone: ReturnType<typeof zoneOf>, ms: number): number {
  const quarter = Math.floor(ms / QUARTER_MS);
  let offset = zone.offsets.get(quarter);
  if (offset === undefined) {
    const at = quarter * QUARTER_MS;
    const p: Record<string, number> = {};
    for (const part of zone.format.formatToParts(at)) p[part.type] = Number(part.value);
    const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
    offset = Math.round((local - at) / MINUTE_MS);
    if (zone.offsets.size > 100_000) zone.offsets.clear();
    zone.offsets.set(quarter, offset);
  }
  return offset;
}

export function localClock(timeZone: string): LocalClock {
  const zone = zoneOf(timeZone);
  const offsetAt = (ms: number) => offsetMinutes(zone, ms);
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
