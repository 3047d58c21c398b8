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

function fill(template: string, locale: Locale, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? numbersOf(locale).format(value) : String(value);
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
  let rules: Intl.PluralRules | undefined;
  const find = (key: string) => table[key] ?? fallback[key] ?? key;
  const t = ((key: K, params?: Params) => {
    onUse?.();
    return fill(find(key), locale, params);
  }) as Translator<K>;
  t.locale = locale;
  t.plural = (key, count, params) => {
    onUse?.();
    rules ??= new Intl.PluralRules(INTL_TAGS[locale]);
    const exact = `${key}.${rules.select(count)}`;
    return fill(find(exact in table ? exact : `${key}.other`), locale, { count, ...params });
  };
  t.number = (n) => numbersOf(locale).format(n);
  return t;
}
