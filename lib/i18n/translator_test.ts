import assert from "node:assert/strict";
import { formatNumber, makeTranslator, pluralCategory } from "./translator.ts";
import { INTL_TAGS, LOCALES } from "./locales.ts";

Deno.test("numbers are written as Intl.NumberFormat writes them in every locale", () => {
  for (const locale of LOCALES) {
    const intl = new Intl.NumberFormat(INTL_TAGS[locale]);
    // Below 1,000 the digits themselves; from 1,000 on grouping, fractions and signs via Intl.
    const samples = [
      ...Array.from({ length: 1_200 }, (_, n) => n),
      12_345,
      1_000_000,
      -1,
      -999,
      0.5,
      2.25,
      999.5,
    ];
    for (const n of samples) {
      assert.equal(formatNumber(locale, n), intl.format(n), `${locale} ${n}`);
    }
  }
  assert.equal(formatNumber("en", 1_234), "1,234");
});

Deno.test("plural categories are Intl.PluralRules' in every locale", () => {
  for (const locale of LOCALES) {
    const rules = new Intl.PluralRules(INTL_TAGS[locale]);
    for (const n of [...Array.from({ length: 250 }, (_, n) => n), -1, -2, 1_001, 0.5, 1.5, 1.0]) {
      assert.equal(pluralCategory(locale, n), rules.select(n), `${locale} ${n}`);
    }
  }
});

Deno.test("a translator fills counts and plurals in its locale", () => {
  const t = makeTranslator<"guests.one" | "guests.other" | "ahead">("en", {
    "guests.one": "{count} guest",
    "guests.other": "{count} guests",
    "ahead": "{count} ahead of you",
  });
  assert.equal(t.plural("guests", 1), "1 guest");
  assert.equal(t.plural("guests", 2), "2 guests");
  assert.equal(t.plural("guests", 1_500), "1,500 guests");
  assert.equal(t("ahead", { count: 3 }), "3 ahead of you");
  assert.equal(t.number(2_000), "2,000");
});
