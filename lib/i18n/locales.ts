/** The languages customer pages and customer messages speak, and how one is chosen. */

export const LOCALES = ["en", "ms", "zh"] as const;
export type Locale = typeof LOCALES[number];

/** Each language's own name, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  ms: "Bahasa Melayu",
  zh: "简体中文",
};

/** BCP 47 tags for `Intl` (dates, times, numbers). */
export const INTL_TAGS: Record<Locale, string> = { en: "en-MY", ms: "ms-MY", zh: "zh-CN" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** `ms`, `ms-MY`, `zh-Hans-CN`, `zh-CN` → a locale we speak; anything else → null. */
export function localeOfTag(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  if (primary === "en" || primary === "ms" || primary === "zh") return primary;
  // Indonesian readers read Malay far better than English.
  if (primary === "id") return "ms";
  return null;
}

/** The best of our locales for an `Accept-Language` header, by its q-values; null if none fits. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header.split(",").map((part, index) => {
    const [tag = "", ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
  }).filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranked) {
    const locale = localeOfTag(r.tag);
    if (locale) return locale;
  }
  return null;
}

/** The page's language: the visitor's choice (cookie), else the browser's, else the tenant's. */
export function pickLocale(
  choice: { cookie?: string | null; acceptLanguage?: string | null; tenantDefault?: string | null },
): Locale {
  if (isLocale(choice.cookie)) return choice.cookie;
  return fromAcceptLanguage(choice.acceptLanguage) ??
    (isLocale(choice.tenantDefault) ? choice.tenantDefault : "en");
}
