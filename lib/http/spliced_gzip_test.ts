import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { gzipFill, gzipTemplate } from "./spliced_gzip.ts";

const row = (i: number) => `<form><input name="_csrf" value="" /><p>Ticket A${i} · 中文</p></form>`;
const TEXTS = [
  '<!DOCTYPE html><script nonce="',
  `"></script>${Array.from({ length: 900 }, (_, i) => row(i)).join("")}<input value="`,
  `">${row(1)}${row(2)}<input value="`,
  `"></body></html>`,
];

function gunzip(bytes: Uint8Array): string {
  return new TextDecoder().decode(gunzipSync(bytes));
}

Deno.test("gzipFill() gives a gzip body that decodes to the texts with each request's values", () => {
  const t = gzipTemplate(TEXTS, [22, 43, 43])!;
  for (
    const values of [["n".repeat(22), "a".repeat(43), "b".repeat(43)], [
      "X-_9".repeat(5) + "ab",
      "t".repeat(43),
      "u".repeat(43),
    ]]
  ) {
    const body = gzipFill(t, values)!;
    const expected = TEXTS.map((text, i) => text + (values[i] ?? "")).join("");
    assert.equal(gunzip(body), expected);
    // Compressed like one stream: far smaller than the page (it repeats itself a lot).
    assert.ok(body.byteLength < new TextEncoder().encode(expected).byteLength / 10);
  }
});

Deno.test("gzipFill() refuses values that do not fit their places", () => {
  const t = gzipTemplate(TEXTS, [22, 43, 43])!;
  assert.equal(gzipFill(t, ["short", "a".repeat(43), "b".repeat(43)]), null);
  assert.equal(gzipFill(t, ["é".repeat(22), "a".repeat(43), "b".repeat(43)]), null);
  assert.equal(gzipFill(t, ["n".repeat(22)]), null);
});

Deno.test("gzipTemplate() declines texts holding its fill byte", () => {
  assert.equal(gzipTemplate(["a\u0001b", "c"], [3]), null);
});
