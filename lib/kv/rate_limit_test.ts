import assert from "node:assert/strict";
import { hitRateLimit } from "./rate_limit.ts";

Deno.test("hitRateLimit() allows up to the limit, then refuses with a retry time", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const opts = { limit: 3, windowMs: 60_000, now: 120_000 + 15_000 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(kv, "join:t:1.2.3.4", opts));
    assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false]);
    assert.deepEqual(results.map((r) => r.remaining), [2, 1, 0, 0]);
    assert.equal(results[3]!.retryAfter, 45);
  } finally {
    kv.close();
  }
});

Deno.test("hitRateLimit() starts a fresh count in the next window and per bucket", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const opts = { limit: 1, windowMs: 60_000 };
    assert.equal((await hitRateLimit(kv, "a", { ...opts, now: 60_000 })).allowed, true);
    assert.equal((await hitRateLimit(kv, "a", { ...opts, now: 61_000 })).allowed, false);
    assert.equal((await hitRateLimit(kv, "b", { ...opts, now: 61_000 })).allowed, true);
    assert.equal((await hitRateLimit(kv, "a", { ...opts, now: 120_000 })).allowed, true);
  } finally {
    kv.close();
  }
});

Deno.test("hitRateLimit() counts every one of many concurrent hits", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const opts = { limit: 5, windowMs: 60_000, now: 1_000 };
    const all = await Promise.all(Array.from({ length: 8 }, () => hitRateLimit(kv, "c", opts)));
    assert.equal(all.filter((r) => r.allowed).length, 5);
  } finally {
    kv.close();
  }
});

Deno.test("hitRateLimit() lets 200 concurrent hits of one client under the limit through", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const opts = { limit: 1000, windowMs: 60_000, now: 1_000 };
    const all = await Promise.all(Array.from({ length: 200 }, () => hitRateLimit(kv, "d", opts)));
    assert.equal(all.filter((r) => r.allowed).length, 200);
    assert.equal(Math.min(...all.map((r) => r.remaining)), 800);
  } finally {
    kv.close();
  }
});
