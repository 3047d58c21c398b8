/**
 * The islands' side of the catalogues in `PAGE_AREAS`: instead of every locale's strings in the
 * bundle (the status and customer areas were ~4 KB of the ticket page's ~17 KB of island
 * JavaScript, brotli), an island reads the page's own locale's table from the JSON the page
 * carries (`#qms-i18n`, written by the layout from what its render used). `deno.islands.json`
 * maps each area's module to its module in `page/`, which builds it with `pageCatalogue`.
 */
import type { Catalogue } from "./catalogue.ts";
import type { Locale } from "./locales.ts";
import { makeTranslator, type Translator } from "./translator.ts";

/** The areas islands read from the page; each has a module in `page/` and a deno.islands.json map. */
export const PAGE_AREAS = ["status", "customer"] as const;

/** The id of the script element holding the tables. */
export const PAGE_MESSAGES_ID = "qms-i18n";

type Tables = Record<string, Partial<Record<Locale, Record<string, string>>>>;
let tables: Tables | null = null;

function pageTables(): Tables {
  if (tables) return tables;
  const text = globalThis.document?.getElementById(PAGE_MESSAGES_ID)?.textContent;
  tables = text ? JSON.parse(text) as Tables : {};
  return tables;
}

/** A catalogue whose translators read this page's table of `area` when they first translate. */
export function pageCatalogue<K extends string>(area: string): Catalogue<K> {
  const translators = new Map<Locale, Translator<K>>();
  return {
    area,
    get messages(): Catalogue<K>["messages"] {
      throw new Error(`${area}: an island has only its page's locale; use .for(locale)`);
    },
    for(locale) {
      let t = translators.get(locale);
      if (!t) {
        const table = pageTables()[area]?.[locale];
        // A page render that did not translate with this area carries none: its keys show, and
        // the browser tests fail on this console error.
        // deno-lint-ignore no-console
        if (!table) console.error(`the page carries no ${locale} messages for ${area}`);
        translators.set(locale, t = makeTranslator<K>(locale, table ?? {}));
      }
      return t;
    },
  };
}
