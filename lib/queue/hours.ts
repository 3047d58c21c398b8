function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * One formatter per time zone and purpose: building an `Intl.DateTimeFormat` costs far more than
 * using it, and these run on every queue listing and estimate.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  kind: string,
  timeZone: string,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (formatters.size >= 1_000) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** Minutes since local midnight in a time zone. */
export function localMinutes(timeZone: string, now: Date): number {
  const parts = formatter("minutes", timeZone, "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  return hour * 60 + minute;
}

/**
 * Whether a queue's daily hours include `now` in the tenant's time zone. Hours that end before
 * they start run past midnight (18:00–02:00); equal start and end mean open all day.
 */
export function isOpenAt(
  hours: { start: string; end: string },
  timeZone: string,
  now: Date,
): boolean {
  const start = toMinutes(hours.start);
  const end = toMinutes(hours.end);
  if (start === end) return true;
  const t = localMinutes(timeZone, now);
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** The calendar day (YYYY-MM-DD) in a time zone: the day tickets are numbered in. */
export function localDate(timeZone: string, now: Date): string {
  return formatter("date", timeZone, "en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** Minutes to add to UTC for local time in a zone at `now` (480 for UTC+8); follows DST. */
export function timeZoneOffsetMinutes(timeZone: string, now: Date): number {
  const parts = Object.fromEntries(
    formatter("offset", timeZone, "en-US", {
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    }).formatToParts(now).map((p) => [p.type, Number(p.value)]),
  );
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((asUtc - Math.floor(now.getTime() / 60_000) * 60_000) / 60_000);
}
