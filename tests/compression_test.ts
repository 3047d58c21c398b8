/**
 * Pages, JSON and the built assets go out compressed to browsers that accept it, and decode to
 * what an uncompressed request gets; event streams are never compressed and keep streaming.
 */
import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { sseReader } from "./helpers/sse_reader.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app_env.ts";
import { sendShared } from "../lib/http/compression.ts";
import { sharedText } from "../lib/shared_text.ts";

const DEMO = "http://demo.localhost";
const ROOT = new URL("../", import.meta.url);

function decode(bytes: Uint8Array, coding: string | null): Uint8Array {
  if (coding === "br") return new Uint8Array(brotliDecompressSync(bytes));
  if (coding === "gzip") return new Uint8Array(gunzipSync(bytes));
  return bytes;
}

/** A page without what differs per request (the CSP nonce, the CSRF token). */
function normalized(html: string): string {
  return html.replace(/nonce="[^"]+"/g, 'nonce=""')
    .replace(/(name="_csrf" value=|"csrfToken":|content=)"[^"]*"/g, '$1""');
}

async function joinDemo(app: TestApp, phone = "0123456789", name = "Wire"): Promise<string> {
  const html = await (await app.request(`${DEMO}/`)).text();
  const queueId = html.match(/name="queueId" value="([0-9a-f-]{36})"/)![1];
  const res = await app.request(`${DEMO}/api/queues/${queueId}/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ customerName: name, customerPhone: phone, partySize: 2 }),
  });
  assert.equal(res.status, 201);
  return (await res.json()).entry.sessionId;
}

Deno.test("customer pages and the status JSON are sent compressed, decoding to the same content", async () => {
  const app = await startTestApp();
  try {
    const sessionId = await joinDemo(app);
    // The join's web chat line arrives after its answer: let it land before the pages are read,
    // so the plain and compressed reads of a page show the same chat.
    await drainOutbox(app);
    for (const path of ["/", `/queue/status/${sessionId}`, `/api/queues/entry/${sessionId}`]) {
      const plain = await app.request(`${DEMO}${path}`);
      assert.equal(plain.status, 200, path);
      assert.equal(plain.headers.get("content-encoding"), null);
      const plainText = await plain.text();
      // Below 512 bytes compression gains less than its header costs: sent as it is.
      const small = plainText.length < 512;
      for (const coding of ["br", "gzip"]) {
        const res = await app.request(`${DEMO}${path}`, {
          headers: { "accept-encoding": coding === "br" ? "gzip, deflate, br" : "gzip" },
        });
        assert.equal(res.status, 200, path);
        // A page that offers brotli may get gzip: pages rendered once per change are gzipped
        // once too, each request's nonce and token spliced in (lib/http/spliced_gzip.ts).
        const sent = small ? null : res.headers.get("content-encoding");
        if (!small && coding === "br") assert.ok(sent === "br" || sent === "gzip", path);
        else assert.equal(sent, small ? null : coding, path);
        assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/);
        const wire = new Uint8Array(await res.arrayBuffer());
        if (!small) assert.ok(wire.byteLength < plainText.length / 2, `${path} ${wire.byteLength}`);
        const text = new TextDecoder().decode(decode(wire, sent));
        assert.equal(normalized(text), normalized(plainText), path);
      }
    }
  } finally {
    await app.close();
  }
});

Deno.test("the built CSS and island scripts go out as their build-time brotli/gzip twins", async () => {
  const app = await startTestApp();
  try {
    const { css, boot } = app.deps.assets;
    const dir = css.replace(/[^/]+$/, "");
    const scripts = [...Deno.readDirSync(new URL(`.${dir}`, ROOT))]
      .map((e) => e.name).filter((n) => n.endsWith(".js"));
    assert.ok(scripts.includes(boot.split("/").pop()!));
    for (const url of [css, ...scripts.map((s) => dir + s)]) {
      const file = await Deno.readFile(new URL(`.${url}`, ROOT));
      for (const coding of ["br", "gzip", null]) {
        const res = await app.request(`${DEMO}${url}`, {
          headers: coding ? { "accept-encoding": coding } : {},
        });
        assert.equal(res.status, 200, url);
        assert.equal(res.headers.get("content-encoding"), coding, url);
        assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/);
        assert.match(res.headers.get("cache-control")!, /immutable/);
        const wire = new Uint8Array(await res.arrayBuffer());
        assert.deepEqual(decode(wire, coding), file, `${url} as ${coding}`);
      }
    }
  } finally {
    await app.close();
  }
});

Deno.test("the status page's event stream is never compressed and still streams updates", async () => {
  const app = await startTestApp();
  try {
    const sessionId = await joinDemo(app);
    const res = await app.request(`${DEMO}/queue/status/${sessionId}/events`, {
      headers: { accept: "text/event-stream", "accept-encoding": "gzip, deflate, br" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-encoding"), null);
    assert.match(res.headers.get("content-type")!, /^text\/event-stream/);
    const events = sseReader(res.body!);
    const first = await events.next();
    assert.ok(first, "the stream sends its snapshot while open");
    // A second party joining moves nothing for ours but is a change: the stream carries it.
    await joinDemo(app, "0123456780");
    const second = await events.next();
    assert.ok(second && second.id !== first.id, "the next update arrives on the open stream");
    await events.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("a ticket's compressed status follows its queue: a change is never answered with the bytes of before", async () => {
  const app = await startTestApp();
  try {
    const first = await joinDemo(app);
    // A long name in Chinese (three bytes a character) takes the status over 512 bytes.
    const second = await joinDemo(app, "0123456780", "欧阳".repeat(50));
    await drainOutbox(app);
    /** The second party's status as a phone reads it, decoded, and how it was sent. */
    const read = async () => {
      const res = await app.request(`${DEMO}/api/queues/entry/${second}`, {
        headers: { "accept-encoding": "gzip, deflate, br" },
      });
      assert.equal(res.status, 200);
      const coding = res.headers.get("content-encoding");
      const wire = new Uint8Array(await res.arrayBuffer());
      return { coding, entry: JSON.parse(new TextDecoder().decode(decode(wire, coding))).entry };
    };
    const before = await read();
    assert.equal(before.entry.position, 2);
    assert.ok(before.coding, "a ticket's status (over 512 bytes) goes out compressed");
    // Each client gets the coding it accepts, its length as sent, and Vary for caches.
    const clients: Array<[string, string | null]> = [
      ["gzip", "gzip"],
      ["identity", null],
      ["br;q=0, gzip", "gzip"],
    ];
    for (const [accept, coding] of clients) {
      const res = await app.request(`${DEMO}/api/queues/entry/${second}`, {
        headers: { "accept-encoding": accept },
      });
      assert.equal(res.headers.get("content-encoding"), coding, accept);
      assert.match(res.headers.get("vary") ?? "", /Accept-Encoding/);
      const wire = new Uint8Array(await res.arrayBuffer());
      assert.equal(res.headers.get("content-length"), String(wire.byteLength), accept);
      const entry = JSON.parse(new TextDecoder().decode(decode(wire, coding))).entry;
      assert.deepEqual(entry, before.entry, accept);
    }
    // Read again: the same answer (compressed once, sent twice).
    assert.deepEqual(await read(), before);
    // The party ahead leaves: the next read shows the second party first in line.
    const left = await app.request(`${DEMO}/api/queues/entry/${first}/cancel`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(left.status, 200, await left.text());
    const after = await read();
    assert.equal(after.entry.position, 1);
    assert.equal(after.coding, before.coding);
  } finally {
    await app.close();
  }
});

Deno.test("a body shared by every reader keeps the Vary its route gives, with Accept-Encoding added once", async () => {
  const body = sharedText(JSON.stringify({ words: "a ticket ".repeat(200) }));
  const app = new Hono<AppEnv>();
  app.get("/own", (c) => sendShared(c, body, "application/json", { "Vary": "Cookie" }));
  app.get("/again", (c) => sendShared(c, body, "application/json", { "Vary": "accept-encoding" }));
  app.get("/plain", (c) => sendShared(c, body, "application/json"));
  app.get("/lower", (c) => sendShared(c, body, "application/json", { vary: "Accept-Language" }));
  for (const coding of ["br", "identity"]) {
    const init = { headers: { "accept-encoding": coding } };
    const own = await app.request("/own", init);
    assert.equal(own.headers.get("vary"), "Cookie, Accept-Encoding");
    assert.equal(own.headers.get("content-encoding"), coding === "br" ? "br" : null);
    const bytes = decode(
      new Uint8Array(await own.arrayBuffer()),
      own.headers.get("content-encoding"),
    );
    assert.equal(new TextDecoder().decode(bytes), body.text);
    const again = await app.request("/again", init);
    assert.equal(again.headers.get("vary"), "accept-encoding");
    await again.body?.cancel();
    const lower = await app.request("/lower", init);
    assert.equal(lower.headers.get("vary"), "Accept-Language, Accept-Encoding");
    await lower.body?.cancel();
    const plain = await app.request("/plain", init);
    assert.equal(plain.headers.get("vary"), "Accept-Encoding");
    await plain.body?.cancel();
  }
});
