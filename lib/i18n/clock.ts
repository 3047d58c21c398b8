import { INTL_TAGS, type Locale } from "./locales.ts";

/** Time formats by kind, locale and time zone: building one costs far more than using it. */
const formats = new Map<string, Intl.DateTimeFormat>();

const KINDS = {
  /** The locale's short time ("7:05 pm"). */
  short: { timeStyle: "short" },
  /** Hours and minutes, two digits each ("07:05 pm"). */
  minutes: { hour: "2-digit", minute: "2-digit" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

function formatOf(
  kind: keyof typeof KINDS,
  tag: string | undefined,
  timeZone: string | undefined,
): Intl.DateTimeFormat {
  const key = `${kind} ${tag ?? ""} ${timeZone ?? ""}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size >= 1_000) formats.clear();
    format = new Intl.DateTimeFormat(tag ? [tag] : [], { ...KINDS[kind], timeZone });
    formats.set(key, format);
  }
  return format;
}

/**
 * `iso` as the locale's short time of day ("7:05 pm") on the venue's clock (`timeZone`). Made on
 * the server and handed to the ticket island as text: a phone's first `Intl.DateTimeFormat`
 * with a time zone costs ~5 ms (×4 on a cheap phone) while the ticket page starts.
 */
export function clockTime(iso: string, locale: Locale, timeZone?: string): string {
  return formatOf("short", INTL_TAGS[locale], timeZone).format(new Date(iso));
}

/**
 * A chat message's time, hours and minutes, in `intlTag` (the browser's language without one)
 * and `timeZone`. One format serves every message: `toLocaleTimeString` with options built a new
 * one for each message on every render of the thread.
 */
export function messageTime(iso: string, intlTag?: string, timeZone?: string): string {
  return formatOf("minutes", intlTag, timeZone).format(new Date(iso));
}
