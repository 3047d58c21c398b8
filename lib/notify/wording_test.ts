import assert from "node:assert/strict";
import { LOCALES } from "../i18n/locales.ts";
import { chatWording, isGsm7, wordingFor } from "./wording.ts";

const TOPICS = [
  "joined",
  "reminder",
  "almost",
  "called",
  "requeued",
  "no_show",
  "cancelled",
] as const;
/** A usual tenant name and the status link of a development host (the longest we send). */
const FACTS = {
  tenantName: "Demo Bistro",
  ticket: "A001",
  url: `http://demo.localhost:8000/queue/status/${"x".repeat(32)}`,
  ahead: 3,
};

Deno.test("wordingFor() fits one SMS segment in English and Malay, two in Chinese", () => {
  for (const locale of LOCALES) {
    for (const topic of TOPICS) {
      const { title, text } = wordingFor(topic, FACTS, locale);
      assert.ok(title.includes("A001") && text.includes(FACTS.url), `${locale} ${topic}`);
      if (locale === "zh") {
        // UCS-2: 70 characters a segment, 67 each once split.
        assert.ok(text.length <= 134, `zh ${topic}: ${text.length} characters`);
      } else {
        assert.ok(isGsm7(text), `${locale} ${topic} is GSM-7: ${text}`);
        assert.ok(text.length <= 160, `${locale} ${topic}: ${text.length} characters`);
      }
    }
  }
});

Deno.test("wordingFor() speaks the customer's language", () => {
  assert.match(wordingFor("called", FACTS, "en").text, /^Demo Bistro: it's your turn! Ticket A001/);
  assert.match(wordingFor("called", FACTS, "ms").text, /^Demo Bistro: giliran anda! Tiket A001/);
  assert.match(wordingFor("called", FACTS, "zh").text, /^Demo Bistro：轮到您了！号码 A001/);
  assert.match(wordingFor("almost", FACTS, "ms").text, /\(3 di depan\)/);
  assert.equal(chatWording(FACTS, "Table ready", "zh").title, "来自 Demo Bistro 的消息");
});
