import assert from "node:assert/strict";
import { cleanText } from "./input.ts";
import { HttpError } from "./errors.ts";

Deno.test("cleanText() replaces lone surrogates in keys and values at any depth", () => {
  const parsed = JSON.parse(
    '{"a\\ud800":["x\\udc00",{"b":"\\ud83d"}],"ok":"\\ud83d\\ude00","n":1}',
  );
  assert.deepEqual(cleanText(parsed), {
    "a\ufffd": ["x\ufffd", { b: "\ufffd" }],
    ok: "\u{1F600}",
    n: 1,
  });
});

Deno.test("cleanText() refuses a NUL character anywhere with a 400", () => {
  for (const data of [{ "a\0": "x" }, { a: ["\0"] }, { a: { b: "x\0y" } }]) {
    assert.throws(
      () => cleanText(data),
      (err) => err instanceof HttpError && err.status === 400 && /NUL/.test(err.message),
    );
  }
});
