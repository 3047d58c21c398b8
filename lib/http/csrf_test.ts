import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { base64url, randomToken } from "../random.ts";
import { csrfTokenOf } from "./csrf.ts";

Deno.test("a CSRF token is the cookie's HMAC-SHA-256 under the secret, for short and long keys", () => {
  for (const secret of ["s3cret", "x".repeat(64), "y".repeat(65), "ü".repeat(100)]) {
    for (let i = 0; i < 50; i++) {
      const cookie = randomToken(18);
      const expected = base64url(
        new Uint8Array(createHmac("sha256", secret).update(`csrf:${cookie}`).digest()),
      );
      assert.equal(csrfTokenOf(secret, cookie), expected);
      // Asked again (a returning browser), the same token.
      assert.equal(csrfTokenOf(secret, cookie), expected);
    }
  }
  assert.notEqual(csrfTokenOf("one", "cookie"), csrfTokenOf("two", "cookie"));
});
