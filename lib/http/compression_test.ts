import assert from "node:assert/strict";
import { Hono } from "hono";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { compressResponses, pickCoding } from "./compression.ts";
import type { AppEnv } from "./app_env.ts";

const PAGE = `<!doctype html><html><body>${
  Array.from({ length: 400 }, (_, i) => `<p class="row">Ticket A${i} · ${"é中".repeat(i % 5)}</p>`)
    .join("")
}</body></html>`;
const JSON_BODY = {
  entries: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Guest ${i}` })),
};

function testApp() {
  const app = new Hono<AppEnv>();
  app.use(compressResponses());
  app.get("/page", (c) => c.html(PAGE));
  app.get("/json", (c) => c.json(JSON_BODY));
  app.get("/tiny", (c) => c.html("<p>hi</p>"));
  app.get("/events", () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(`event: update\ndata: ${"x".repeat(2000)}\n\n`),
        );
        timer = setInterval(() => controller.enqueue(new TextEncoder().encode(": ping\n\n")), 50);
      },
      cancel() {
        clearInterval(timer);
      },
    });
    return new Response(body, {
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    });
  });
  return app;
}

function decode(bytes: Uint8Array, coding: string | null): string {
  const raw = coding === "br"
    ? brotliDecompressSync(bytes)
    : coding === "gzip"
    ? gunzipSync(bytes)
    : bytes;
  return new TextDecoder().decode(raw);
}

Deno.test("pickCoding() prefers brotli, then gzip, and honours q=0 and *", () => {
  assert.equal(pickCoding("gzip, deflate, br, zstd"), "br");
  assert.equal(pickCoding("gzip"), "gzip");
  assert.equal(pickCoding("br;q=0, gzip"), "gzip");
  assert.equal(pickCoding("gzip;q=0.5, br;q=0.2"), "gzip");
  assert.equal(pickCoding("*"), "br");
  assert.equal(pickCoding("*;q=0"), null);
  assert.equal(pickCoding("identity"), null);
  assert.equal(pickCoding(""), null);
  assert.equal(pickCoding(null), null);
});

for (const coding of ["br", "gzip"] as const) {
  Deno.test(`compressResponses() sends HTML and JSON as ${coding} that decode to the same bytes`, async () => {
    const app = testApp();
    for (const [path, expected] of [["/page", PAGE], ["/json", JSON.stringify(JSON_BODY)]]) {
      const res = await app.request(path!, { headers: { "accept-encoding": coding } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-encoding"), coding);
      assert.equal(res.headers.get("vary"), "Accept-Encoding");
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.equal(Number(res.headers.get("content-length")), bytes.byteLength);
      assert.ok(bytes.byteLength < new TextEncoder().encode(expected!).byteLength / 3);
      assert.equal(decode(bytes, coding), expected);
    }
  });
}

Deno.test("compressResponses() sends plain bytes to a client that accepts no coding", async () => {
  const app = testApp();
  const res = await app.request("/page");
  assert.equal(res.headers.get("content-encoding"), null);
  assert.equal(res.headers.get("vary"), "Accept-Encoding");
  assert.equal(await res.text(), PAGE);
  const refused = await app.request("/page", {
    headers: { "accept-encoding": "br;q=0, gzip;q=0" },
  });
  assert.equal(refused.headers.get("content-encoding"), null);
  assert.equal(await refused.text(), PAGE);
});

Deno.test("compressResponses() leaves a body too small to gain as it is", async () => {
  const res = await testApp().request("/tiny", { headers: { "accept-encoding": "br" } });
  assert.equal(res.headers.get("content-encoding"), null);
  assert.equal(await res.text(), "<p>hi</p>");
});

Deno.test("compressResponses() never compresses an event stream, which keeps streaming", async () => {
  const res = await testApp().request("/events", { headers: { "accept-encoding": "br, gzip" } });
  assert.equal(res.headers.get("content-encoding"), null);
  assert.equal(res.headers.get("content-type"), "text/event-stream; charset=utf-8");
  const reader = res.body!.getReader();
  // The first event arrives while the stream is still open (a compressor would hold it back).
  const first = await reader.read();
  assert.equal(first.done, false);
  assert.match(new TextDecoder().decode(first.value), /^event: update\ndata: x{2000}\n\n$/);
  const second = await reader.read();
  assert.equal(new TextDecoder().decode(second.value), ": ping\n\n");
  await reader.cancel();
});
