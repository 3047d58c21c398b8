import assert from "node:assert/strict";
import { formEntries, genericPath, pickForm, readForms } from "./page_forms.ts";

const PAGE = `<!DOCTYPE html><html><body>
<script type="application/json" data-island-props="X">{"html":"\\u003cform action=\\"/no\\"\\u003e"}</script>
<form method="post" action="/dashboard/queues/3f2504e0-4f89-11d3-9a0c-0305e82c3301/settings" novalidate>
  <input type="hidden" name="_csrf" value="t&amp;k">
  <input id="f-name" name="name" value="Tom &quot;&amp;&quot; Jerry"/>
  <input name="size" type="number" value="2"/>
  <input type="checkbox" name="open" checked class="h-5">
  <input type="checkbox" name="late">
  <input type="radio" name="kind" value="a" checked><input type="radio" name="kind" value="b">
  <select name="role"><option value="STAFF">STAFF</option><option value="ADMIN">ADMIN</option></select>
  <select name="size2"><option>Small</option><option selected>  Large
  one </option></select>
  <textarea name="notes">
line one
&lt;b&gt;</textarea>
  <input name="off" value="x" disabled>
  <button type="submit" name="go" value="1">Save
    changes</button>
</form>
<form method="post" action="/queue/status/abcdefghijABCDEFGHIJ0123456789_-/x"><button>Go</button></form>
</body></html>`;

Deno.test("readForms() reads controls, defaults and signatures as a browser does", () => {
  const forms = readForms(PAGE);
  assert.deepEqual(forms.map((f) => f.signature), [
    'POST /dashboard/queues/:id/settings "Save changes"',
    'POST /queue/status/:sessionId/x "Go"',
  ]);
  assert.deepEqual(formEntries(forms[0]!), [
    ["_csrf", "t&k"],
    ["name", 'Tom "&" Jerry'],
    ["size", "2"],
    ["open", "on"],
    ["kind", "a"],
    ["role", "STAFF"],
    ["size2", "Large one"],
    ["notes", "line one\r\n<b>"],
    ["go", "1"],
  ]);
});

Deno.test("formEntries() applies what a person fills, and refuses what they could not", () => {
  const form = pickForm(readForms(PAGE), 'POST /dashboard/queues/:id/settings "Save changes"');
  const entries = new Map(formEntries(form, {
    name: "Ann",
    size: "two",
    open: false,
    late: true,
    kind: "b",
    role: "ADMIN",
  }));
  assert.equal(entries.get("name"), "Ann");
  assert.equal(entries.get("size"), "", "a number field keeps no letters");
  assert.equal(entries.has("open"), false, "an unticked box is not sent");
  assert.equal(entries.get("late"), "on");
  assert.equal(entries.get("kind"), "b");
  assert.equal(entries.get("role"), "ADMIN");
  assert.throws(() => formEntries(form, { _csrf: "x" }), /no field "_csrf"/);
  assert.throws(() => formEntries(form, { missing: "x" }), /no field "missing"/);
  assert.throws(() => formEntries(form, { off: "y" }), /no field "off"/);
  assert.throws(() => formEntries(form, { role: "OWNER" }), /offers no option "OWNER"/);
  assert.throws(() => formEntries(form, { kind: "c" }), /offers no choice "c"/);
  assert.equal(formEntries(form).length, 9, "filling one form leaves the parsed one as it was");
});

Deno.test("genericPath() names ids and ticket links generically", () => {
  assert.equal(
    genericPath("/api/queues/entry/abcdefghijABCDEFGHIJ0123456789_-/cancel"),
    "/api/queues/entry/:sessionId/cancel",
  );
  assert.equal(genericPath("/dashboard/users"), "/dashboard/users");
});
