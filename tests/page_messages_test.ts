/**
 * Islands read the status and customer messages from the page (lib/i18n/page_catalogue.ts), in
 * the page's language only, instead of bundling every language's strings.
 */
import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { PAGE_AREAS, PAGE_MESSAGES_ID } from "../lib/i18n/page_catalogue.ts";
import { statusMessages } from "../lib/i18n/messages/status.ts";
import { customerMessages } from "../lib/i18n/messages/customer.ts";
import { loadAssetUrls } from "../lib/build/assets.ts";

const DEMO = "http://demo.localhost";
const ROOT = new URL("../", import.meta.url);

function pageTables(html: string): Record<string, Record<string, Record<string, string>>> | null {
  const json = html.match(
    new RegExp(`<script type="application/json" id="${PAGE_MESSAGES_ID}">([^<]*)</script>`),
  )?.[1];
  return json ? JSON.parse(json) : null;
}

Deno.test("a page carries its islands' messages in its own language only", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const joined = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Siti",
      customerPhone: "0123456791",
      partySize: 2,
    })).json();
    const get = async (path: string, lang: string) => {
      const res = await app.request(`${DEMO}${path}`, { headers: { "accept-language": lang } });
      assert.equal(res.status, 200);
      return await res.text();
    };

    await t.step(
      "the ticket page in Malay: the status table, Malay only, and not the join form's",
      async () => {
        const tables = pageTables(await get(`/queue/status/${joined.entry.sessionId}`, "ms-MY"));
        assert.ok(tables, "the ticket page carries its islands' messages");
        assert.deepEqual(Object.keys(tables), ["status"]);
        assert.deepEqual(tables.status, { ms: statusMessages.messages.ms });
      },
    );

    await t.step(
      "the home page in Malay carries the customer table its join form reads",
      async () => {
        const html = await get("/", "ms-MY");
        assert.match(html, /data-testid="char-counter"/, "the join form counts its note");
        assert.deepEqual(pageTables(html)?.customer, { ms: customerMessages.messages.ms });
      },
    );

    await t.step("the same page in Chinese carries the Chinese tables", async () => {
      const tables = pageTables(await get(`/queue/status/${joined.entry.sessionId}`, "zh-CN"));
      assert.deepEqual(Object.keys(tables?.status ?? {}), ["zh"]);
    });

    await t.step("a page without islands carries none", async () => {
      const html = await get("/privacy", "en");
      assert.ok(!html.includes("data-island="), "the privacy page has no island");
      assert.equal(pageTables(html), null);
    });
  } finally {
    await app.close();
  }
});

Deno.test("the built islands hold none of the status and customer messages", async () => {
  const assets = await loadAssetUrls(ROOT);
  assert.ok(assets, "the assets are built (deno task test builds them first)");
  const dir = new URL(`.${assets.boot.replace(/boot\.js$/, "")}`, ROOT);
  let scripts = "";
  for await (const e of Deno.readDir(dir)) {
    if (e.name.endsWith(".js")) scripts += await Deno.readTextFile(new URL(e.name, dir));
  }
  assert.ok(scripts.includes("data-island"), "the islands' boot code is there");
  const catalogues = [statusMessages, customerMessages];
  assert.deepEqual(catalogues.map((c) => c.area).sort(), [...PAGE_AREAS].sort());
  // Malay: its words are only in the catalogues (the staff's English defaults repeat some
  // English ones, and the minifier may escape Chinese), and a bundled catalogue has every language.
  let checked = 0;
  for (const catalogue of catalogues) {
    for (const [key, text] of Object.entries(catalogue.messages.ms)) {
      if (text.length < 12 || /[^\x20-\x7e]/.test(text)) continue;
      checked++;
      assert.ok(!scripts.includes(text), `${catalogue.area} ms "${key}" is bundled`);
    }
  }
  assert.ok(checked > 20, `${checked} Malay messages checked`);
});

Deno.test("deno.islands.json maps each page area's module to its page module", async () => {
  const map = JSON.parse(await Deno.readTextFile(new URL("deno.islands.json", ROOT))).imports;
  for (const area of PAGE_AREAS) {
    const page = `./lib/i18n/page/${area}.ts`;
    assert.equal(map[`./lib/i18n/messages/${area}.ts`], page);
    await Deno.stat(new URL(page, ROOT));
  }
});

Deno.test("the ticket page loads its islands as one page bundle; the home page loads boot.js", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const joined = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Wei",
      customerPhone: "0123456792",
      partySize: 2,
    })).json();
    const scriptOf = async (path: string) => {
      const html = await (await app.request(`${DEMO}${path}`)).text();
      return html.match(/<script type="module" src="([^"]+)"/)?.[1];
    };
    const ticket = await scriptOf(`/queue/status/${joined.entry.sessionId}`);
    assert.match(ticket ?? "", /^\/static\/build\/[0-9a-f]+\/ticket\.js$/);
    assert.match(await scriptOf("/") ?? "", /^\/static\/build\/[0-9a-f]+\/boot\.js$/);
    const res = await app.request(`${DEMO}${ticket}`, { headers: { "accept-encoding": "br" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-encoding"), "br");
    const plain = await Deno.readTextFile(new URL(`.${ticket}`, ROOT));
    assert.doesNotMatch(plain, /\bfrom\s*"\.\//, "one file: it imports no chunk");
    for (const island of ["QueueStatus", "ShareTicket", "QueueChat", "PushOptIn"]) {
      assert.ok(plain.includes(`${island}:`), `${island} is hydrated by the bundle`);
    }
    await res.body?.cancel();
  } finally {
    await app.close();
  }
});
