import assert from "node:assert/strict";
import { signApiToken, verifyApiToken } from "./jwt.ts";

const SECRET = "s".repeat(40);
const claims = {
  keyId: crypto.randomUUID(),
  tenantId: crypto.randomUUID(),
  role: "STAFF" as const,
};

Deno.test("signApiToken() makes a token verifyApiToken() accepts", async () => {
  const token = await signApiToken(SECRET, claims);
  assert.deepEqual(await verifyApiToken(SECRET, token), claims);
});

Deno.test("verifyApiToken() refuses a forged, tampered or alg=none token", async () => {
  const token = await signApiToken(SECRET, claims);
  assert.equal(await verifyApiToken("x".repeat(40), token), null);
  const [h, p, s] = token.split(".");
  const payload = JSON.parse(atob(p!.replace(/-/g, "+").replace(/_/g, "/")));
  const forged = btoa(JSON.stringify({ ...payload, role: "ADMIN" })).replace(/=+$/, "")
    .replace(/\+/g, "-").replace(/\//g, "_");
  assert.equal(await verifyApiToken(SECRET, `${h}.${forged}.${s}`), null);
  const none = btoa(JSON.stringify({ alg: "none" })).replace(/=+$/, "");
  assert.equal(await verifyApiToken(SECRET, `${none}.${p}.`), null);
  assert.equal(await verifyApiToken(SECRET, "not-a-token"), null);
});

Deno.test("verifyApiToken() refuses a well-signed token whose ids are not uuids", async () => {
  for (
    const bad of [
      { ...claims, keyId: "not-a-uuid" },
      { ...claims, keyId: "' or 1=1 --" },
      { ...claims, tenantId: "demo" },
      { ...claims, role: "OWNER" as "ADMIN" },
    ]
  ) {
    assert.equal(await verifyApiToken(SECRET, await signApiToken(SECRET, bad)), null);
  }
});
