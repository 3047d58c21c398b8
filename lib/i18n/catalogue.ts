/**
 * Message catalogues. Each area defines its messages once, in every locale, with
 * `defineMessages()`; English is the reference and the type: a key missing from another locale
 * is a type error, and `tests/i18n_catalogue_test.ts` checks every catalogue listed in
 * `messages/all.ts` at run time too.
 *
 * Placeholders are `{name}`. Plurals are keys ending in `.one` / `.other` (English needs both;
 * Malay and Chinese use `.other`), read with `plural(key, count)`.
 *
 * Islands do not bundle the areas in `PAGE_AREAS` (`page_catalogue.ts`): a page render records
 * which areas and locales it used (`recordCatalogueUse`), and the page carries those tables.
 */
import { type Locale, LOCALES } from "./locales.ts";
import { makeTranslator, type Translator } from "./translator.ts";

export type { Params, Translator } from "./translator.ts";
export type Messages<K extends string> = Record<K, string>;

export interface Catalogue<K extends string> {
  /** A name for reports ("customer", "display"…). */
  area: string;
  messages: Record<Locale, Messages<K>>;
  for(locale: Locale): Translator<K>;
}

/** Every catalogue by area, for a page that carries some of them to its islands. */
const byArea = new Map<string, Catalogue<string>>();

/** Area → locales used by the render in progress, when one is being recorded. */
let used: Map<string, Set<Locale>> | null = null;

function noteUse(area: string, locale: Locale): void {
  if (!used) return;
  let locales = used.get(area);
  if (!locales) used.set(area, locales = new Set());
  locales.add(locale);
}

/** Runs a synchronous render and reports which areas and locales it translated with. */
export function recordCatalogueUse<T>(render: () => T): T {
  const outer = used;
  used = new Map();
  try {
    return render();
  } finally {
    used = outer;
  }
}

/**
 * The tables of `areas` the render in progress has used so far, by area and locale (for the page
 * to carry to its islands), or null when it used none of them.
 */
export function usedTables(
  areas: readonly string[],
): Record<string, Partial<Record<Locale, Messages<string>>>> | null {
  const tables: Record<string, Partial<Record<Locale, Messages<string>>>> = {};
  let any = false;
  for (const area of areas) {
    const locales = used?.get(area);
    const catalogue = byArea.get(area);
    if (!locales || !catalogue) continue;
    tables[area] = Object.fromEntries([...locales].map((l) => [l, catalogue.messages[l]]));
    any = true;
  }
  return any ? tables : null;
}

export function defineMessages<K extends string>(
  area: string,
  messages: { en: Messages<K> } & Record<Exclude<Locale, "en">, Messages<K>>,
): Catalogue<K> {
  const translators = new Map<Locale, Translator<K>>();
  for (const locale of LOCALES) {
    const onUse = () => noteUse(area, locale);
    translators.set(locale, makeTranslator<K>(locale, messages[locale], messages.en, onUse));
  }
  const catalogue: Catalogue<K> = {
    area,
    messages,
    for(locale) {
      noteUse(area, locale);
      return translators.get(locale)!;
    },
  };
  byArea.set(area, catalogue as Catalogue<string>);
  return catalogue;
}
