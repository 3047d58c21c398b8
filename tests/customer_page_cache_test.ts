import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import { readForms } from "./helpers/page_forms.ts";

const DEMO = "http://demo.localhost";

/** A page as a browser with `cookie` reads it: its nonce (CSP), form tokens and HTML. */
async function visit(app: TestApp, url: string, cookie?: string, gzip = false) {
  const res = await app.request(url, {
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(gzip ? { "accept-encoding": "gzip, deflate, br" } : {}),
    },
  });
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const encoding = res.headers.get("content-encoding");
  const html = new TextDecoder().decode(encoding === "gzip" ? gunzipSync(bytes) : bytes);
  const nonce = res.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1]!;
  const tokens = new Set(
    readForms(html).flatMap((f) => f.controls).filter((c) => c.name === "_csrf")
      .map((c) => c.value),
  );
  const setCookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return { res, html, nonce, tokens, cookie: cookie ?? setCookie, encoding };
}

Deno.test("customer pages: each visitor gets their own nonce and form token, plain or gzipped", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const joined = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Ana",
      customerPhone: "0123456789",
      partySize: 2,
    })).json();
    for (const path of ["/", `/queue/${queueId}`, `/queue/status/${joined.entry.sessionId}`]) {
      const a = await visit(app, `${DEMO}${path}`);
      const b = await visit(app, `${DEMO}${path}`);
      const aAgain = await visit(app, `${DEMO}${path}`, a.cookie, true);
      for (const page of [a, b, aAgain]) {
        assert.ok(page.html.includes(`nonce="${page.nonce}"`), `${path}: the script's nonce`);
        assert.equal(page.tokens.size, 1, `${path}: one token in every form`);
      }
      assert.notEqual(a.nonce, b.nonce);
      assert.notDeepEqual(a.tokens, b.tokens, `${path}: another visitor, another token`);
      assert.deepEqual(aAgain.tokens, a.tokens, `${path}: the same browser, the same token`);
      assert.equal(aAgain.encoding, "gzip");
      assert.match(aAgain.res.headers.get("vary") ?? "", /Accept-Encoding/);
      // The same page but for the nonce, whether it came plain or compressed.
      assert.equal(aAgain.html.replaceAll(aAgain.nonce, "N"), a.html.replaceAll(a.nonce, "N"));
    }
  } finally {
    await app.close();
  }
});

Deno.test("customer pages: the queue page and the home page show a join at once", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const waiting = async () => {
      const html = (await visit(app, `${DEMO}/queue/${queueId}`)).html;
      return Number(html.match(/"waitingCount":(\d+)/)![1]);
    };
    const before = await waiting();
    const home = (await visit(app, `${DEMO}/`)).html;
    const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Ben",
      customerPhone: "0123456788",
      partySize: 2,
    });
    assert.equal(res.status, 201);
    assert.equal(await waiting(), before + 1);
    assert.notEqual((await visit(app, `${DEMO}/`)).html, home);
  } finally {
    await app.close();
  }
});
