import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { refusalOf, typedValues } from "./form_refusal.ts";

Deno.test("refusalOf() hands back a refusal the page can show and throws the rest on", async () => {
  assert.equal(await refusalOf(() => Promise.resolve(), [409]), null);
  const refused = await refusalOf(() => Promise.reject(new DomainError("last_owner")), [409]);
  assert.equal(refused?.status, 409);
  assert.equal(refused?.code, "last_owner");
  await assert.rejects(
    () => refusalOf(() => Promise.reject(new DomainError("owner_required")), [409]),
    DomainError,
  );
  await assert.rejects(() => refusalOf(() => Promise.reject(new Error("boom")), [409]), /boom/);
});

Deno.test("typedValues() keeps the text fields and drops the CSRF token", () => {
  assert.deepEqual(typedValues({ _csrf: "t", name: "Ana", file: new Blob() }), { name: "Ana" });
});
