import assert from "node:assert/strict";
import { ALL_CATALOGUES } from "../lib/i18n/messages/all.ts";
import { LOCALES, pickLocale } from "../lib/i18n/locales.ts";
import { commonMessages } from "../lib/i18n/messages/common.ts";

Deno.test("every catalogue has, in every language, every key the others have, none empty", () => {
  for (const catalogue of ALL_CATALOGUES) {
    const keys = new Set(LOCALES.flatMap((l) => Object.keys(catalogue.messages[l])));
    for (const locale of LOCALES) {
      const table = catalogue.messages[locale] as Record<string, string>;
      for (const key of keys) {
        // Plural forms other than `.other` are per language (Malay and Chinese have one form).
        if (/\.(zero|one|two|few|many)$/.test(key) && locale !== "en") continue;
        assert.ok(table[key]?.trim(), `${catalogue.area}: "${key}" is missing in ${locale}`);
      }
    }
  }
});

Deno.test("placeholders and plurals fill in each language", () => {
  assert.equal(commonMessages.for("en").plural("guests", 1), "1 guest");
  assert.equal(commonMessages.for("en").plural("guests", 4), "4 guests");
  assert.equal(commonMessages.for("ms").plural("guests", 1), "1 tetamu");
  assert.equal(commonMessages.for("zh").plural("guests", 12), "12 位");
});

Deno.test("the language is the visitor's choice, else the browser's, else the tenant's", () => {
  assert.equal(pickLocale({ cookie: "zh", acceptLanguage: "ms-MY" }), "zh");
  assert.equal(pickLocale({ acceptLanguage: "fr-FR, ms;q=0.8, en;q=0.5" }), "ms");
  assert.equal(pickLocale({ acceptLanguage: "zh-Hans-CN" }), "zh");
  assert.equal(pickLocale({ acceptLanguage: "fr", tenantDefault: "ms" }), "ms");
  assert.equal(pickLocale({ cookie: "xx", acceptLanguage: null }), "en");
});
