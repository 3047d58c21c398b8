/**
 * Message catalogues. Each area defines its messages once, in every locale, with
 * `defineMessages()`; English is the reference and the type: a key missing from another locale
 * is a type error, and `tests/i18n_catalogue_test.ts` checks every catalogue listed in
 * `messages/all.ts` at run time too.
 *
 * Placeholders are `{name}`. Plurals are keys ending in `.one` / `.other` (English needs both;
 * Malay and Chinese use `.other`), read with `plural(key, count)`.
 */
import { INTL_TAGS, type Locale, LOCALES } from "./locales.ts";

export type Messages<K extends string> = Record<K, string>;
export type Params = Record<string, string | number>;

export interface Translator<K extends string> {
  locale: Locale;
  (key: K, params?: Params): string;
  /** `key.one` or `key.other` by the locale's plural rule, with `{count}` set. */
  plural(key: PluralBase<K>, count: number, params?: Params): string;
  /** A number in the locale's digits and grouping. */
  number(n: number): string;
}

type PluralBase<K extends string> = K extends `${infer B}.other` ? B : never;

export interface Catalogue<K extends string> {
  /** A name for reports ("customer", "display"…). */
  area: string;
  messages: Record<Locale, Messages<K>>;
  for(locale: Locale): Translator<K>;
}

/** Built once per locale: an `Intl.NumberFormat` costs about a millisecond to construct. */
const NUMBER_FORMATS = new Map<Locale, Intl.NumberFormat>(
  LOCALES.map((l) => [l, new Intl.NumberFormat(INTL_TAGS[l])]),
);

function fill(template: string, params?: Params, locale?: Locale): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    const numbers = locale && NUMBER_FORMATS.get(locale);
    return typeof value === "number" && numbers ? numbers.format(value) : String(value);
  });
}

export function defineMessages<K extends string>(
  area: string,
  messages: { en: Messages<K> } & Record<Exclude<Locale, "en">, Messages<K>>,
): Catalogue<K> {
  const translators = new Map<Locale, Translator<K>>();
  function make(locale: Locale): Translator<K> {
    const table = messages[locale];
    const rules = new Intl.PluralRules(INTL_TAGS[locale]);
    const numbers = NUMBER_FORMATS.get(locale)!;
    const t =
      ((key: K, params?: Params) =>
        fill(table[key] ?? messages.en[key] ?? key, params, locale)) as Translator<K>;
    t.locale = locale;
    t.plural = (key, count, params) => {
      const exact = `${key}.${rules.select(count)}` as K;
      const chosen = exact in table ? exact : `${key}.other` as K;
      return fill(table[chosen] ?? messages.en[chosen] ?? chosen, { count, ...params }, locale);
    };
    t.number = (n) => numbers.format(n);
    return t;
  }
  for (const locale of LOCALES) translators.set(locale, make(locale));
  return { area, messages, for: (locale) => translators.get(locale)! };
}
