import assert from "node:assert/strict";
import { isDomainError } from "../errors.ts";
import { hashPassword, verifyPassword } from "./password.ts";

Deno.test("hashPassword() makes a bcrypt hash that verifyPassword() accepts", async () => {
  const hash = await hashPassword("demo1234", 4);
  assert.match(hash, /^\$2b\$04\$/);
  assert.equal(await verifyPassword("demo1234", hash), true);
  assert.equal(await verifyPassword("demo12345", hash), false);
});

Deno.test("verifyPassword() accepts $2a$ hashes and rejects a missing hash", async () => {
  const hash = (await hashPassword("pw-123456", 4)).replace(/^\$2b\$/, "$2a$");
  assert.equal(await verifyPassword("pw-123456", hash), true);
  assert.equal(await verifyPassword("pw-123456", null), false);
});

Deno.test("verifyPassword() copes with a burst: all answers right, none lost", async () => {
  const hash = await hashPassword("burst-pass", 4);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => verifyPassword(i % 2 ? "burst-pass" : "wrong", hash)),
  );
  assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i % 2 === 1));
});

Deno.test("verifyPassword() refuses what the pool cannot queue with a busy error", async () => {
  const hash = await hashPassword("burst-pass", 4);
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, () => verifyPassword("wrong", hash)),
  );
  const refused = results.filter((r) => r.status === "rejected");
  assert.ok(refused.length > 0, "100 at once is more than 4 running and 64 waiting");
  for (const r of refused) {
    const err = (r as PromiseRejectedResult).reason;
    assert.ok(isDomainError(err, "busy") && err.params.retryAfter === 5, String(err));
  }
  assert.ok(results.some((r) => r.status === "fulfilled" && r.value === false));
});
