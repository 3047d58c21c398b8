import assert from "node:assert/strict";
import { CSRF_MARK, fillTemplateBytes, NONCE_MARK, toTemplate } from "./page_template.ts";

const decoder = new TextDecoder();

Deno.test("a filled template is the page rendered with the request's nonce and token", () => {
  // Several slots of each kind, text that is not ASCII, and a slot at either end.
  const html = `${NONCE_MARK}<html lang="zh-Hans"><script nonce="${NONCE_MARK}"></script>` +
    `<form><input name="_csrf" value="${CSRF_MARK}"></form><p>排队 · Giliran anda</p>` +
    `<script nonce="${NONCE_MARK}"></script><form><input value="${CSRF_MARK}"></form>${CSRF_MARK}`;
  const template = toTemplate(html);
  assert.deepEqual(template.slots, ["nonce", "nonce", "csrf", "nonce", "csrf", "csrf"]);
  for (const [nonce, token] of [["n0nce-A_1", "tok3n-xyz"], ["other", "t"]]) {
    const expected = html.replaceAll(NONCE_MARK, nonce!).replaceAll(CSRF_MARK, token!);
    assert.deepEqual(decoder.decode(fillTemplateBytes(template, nonce!, token!)), expected);
  }
});

Deno.test("a template without marks is its text", () => {
  const template = toTemplate("<p>no scripts, no forms</p>");
  assert.deepEqual(
    decoder.decode(fillTemplateBytes(template, "n", "c")),
    "<p>no scripts, no forms</p>",
  );
});
