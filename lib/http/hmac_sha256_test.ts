import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { hmacSha256, sha256 } from "./hmac_sha256.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

Deno.test("sha256() and hmacSha256() agree with node:crypto for every length around a block", () => {
  for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
    const key = crypto.getRandomValues(new Uint8Array(keyLength));
    const mac = hmacSha256(key);
    for (let length = 0; length <= 200; length++) {
      const message = crypto.getRandomValues(new Uint8Array(length));
      assert.equal(hex(sha256(message)), createHash("sha256").update(message).digest("hex"));
      assert.equal(hex(mac(message)), createHmac("sha256", key).update(message).digest("hex"));
    }
  }
});

Deno.test("hmacSha256() gives RFC 4231's test case 2", () => {
  const mac = hmacSha256(new TextEncoder().encode("Jefe"));
  assert.equal(
    hex(mac(new TextEncoder().encode("what do ya want for nothing?"))),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
});
