import assert from "node:assert/strict";
import { createMemoryRateLimiter } from "./memory_rate_limit.ts";

Deno.test("memory rate limiter: a fixed window per bucket, reset at the next window", () => {
  const limiter = createMemoryRateLimiter();
  const at = (now: number) => limiter.hit("all:t:1.2.3.4", { limit: 2, windowMs: 60_000, now });
  assert.deepEqual(at(60_000), { allowed: true, limit: 2, remaining: 1, retryAfter: 60 });
  assert.deepEqual(at(90_000), { allowed: true, limit: 2, remaining: 0, retryAfter: 30 });
  assert.deepEqual(at(119_500), { allowed: false, limit: 2, remaining: 0, retryAfter: 1 });
  assert.equal(
    limiter.hit("all:t:5.6.7.8", { limit: 2, windowMs: 60_000, now: 119_500 }).allowed,
    true,
    "another client has its own count",
  );
  assert.deepEqual(at(120_000), { allowed: true, limit: 2, remaining: 1, retryAfter: 60 });
});
