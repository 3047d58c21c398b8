/**
 * A translator over one locale's table of messages: `{name}` placeholders, `.one` / `.other`
 * plurals and the locale's numbers. Shared by the server's catalogues (`catalogue.ts`) and the
 * islands' page catalogues (`page_catalogue.ts`), which read one locale's table from the page.
 */
import { INTL_TAGS, type Locale } from "./locales.ts";

export type Params = Record<string, string | number>;

export interface Translator<K extends string> {
  locale: Locale;
  (key: K, params?: Params): string;
  /** `key.one` or `key.other` by the locale's plural rule, with `{count}` set. */
  plural(key: PluralBase<K>, count: number, params?: Params): string;
  /** A number in the locale's digits and grouping. */
  number(n: number): string;
}

export type PluralBase<K extends string> = K extends `${infer B}.other` ? B : never;

/** Built once per locale, when first needed: an `Intl.NumberFormat` costs about a millisecond. */
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function numbersOf(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, format = new Intl.NumberFormat(INTL_TAGS[locale]));
  return format;
}

/**
 * `n` in the locale's digits and grouping. A whole number below 1,000 is written as its digits:
 * every locale we speak writes those in ASCII digits without grouping, and a browser's first
 * `Intl.NumberFormat` costs ~20 ms (×4 on a cheap phone) while the ticket page starts, for a
 * position of 3 (`translator_test.ts` checks both ways agree).
 */
export function formatNumber(locale: Locale, n: number): string {
  if (Number.isInteger(n) && n >= 0 && n < 1000) return String(n);
  return numbersOf(locale).format(n);
}

/**
 * CLDR's cardinal plural category of a whole number in each locale we speak: English has "one"
 * for 1, Malay and Chinese only "other". Other counts (fractions) ask `Intl.PluralRules`, which
 * costs a browser a few ms to build the first time (`translator_test.ts` checks they agree).
 */
const WHOLE_PLURALS: Record<Locale, (n: number) => Intl.LDMLPluralRule> = {
  en: (n) => Math.abs(n) === 1 ? "one" : "other",
  ms: () => "other",
  zh: () => "other",
};

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural category of `count` in `locale` ("one", "other", …). */
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  if (Number.isInteger(count)) return WHOLE_PLURALS[locale](count);
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, rules = new Intl.PluralRules(INTL_TAGS[locale]));
  return rules.select(count);
}

function fill(template: string, locale: Locale, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(locale, value) : String(value);
  });
}

/**
 * A translator for `locale` over its `table`, then `fallback` (English) for a key the table lacks,
 * then the key itself; `onUse` is told of each translation.
 */
export function makeTranslator<K extends string>(
  locale: Locale,
  table: Readonly<Record<string, string>>,
  fallback: Readonly<Record<string, string>> = {},
  onUse?: () => void,
): Translator<K> {
  const find = (key: string) => table[key] ?? fallback[key] ?? key;
  const t = ((key: K, params?: Params) => {
    onUse?.();
    return fill(find(key), locale, params);
  }) as Translator<K>;
  t.locale = locale;
  t.plural = (key, count, params) => {
    onUse?.();
    const exact = `${key}.${pluralCategory(locale, count)}`;
    return fill(find(exact in table ? exact : `${key}.other`), locale, { count, ...params });
  };
  t.number = (n) => formatNumber(locale, n);
  return t;
}
