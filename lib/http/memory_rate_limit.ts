import type { RateLimitResult } from "../kv/rate_limit.ts";

/**
 * Fixed-window counters in this process's memory, for reads: a customer's page view or status
 * poll costs no KV write. Each process counts its own share, so with N processes a client may
 * read up to N times the limit; writes that must hold across processes (joins, sign-ins) keep
 * their KV counters. Counters of past windows are dropped as the map grows.
 */
export interface MemoryRateLimiter {
  hit(bucket: string, options: { limit: number; windowMs: number; now?: number }): RateLimitResult;
  size(): number;
}

const SWEEP_AT = 50_000;

export function createMemoryRateLimiter(): MemoryRateLimiter {
  const counters = new Map<string, { windowStart: number; windowMs: number; count: number }>();
  let lastSweep = 0;

  function sweep(now: number) {
    for (const [bucket, c] of counters) {
      if (c.windowStart + c.windowMs <= now) counters.delete(bucket);
    }
  }

  return {
    hit(bucket, { limit, windowMs, now = Date.now() }) {
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
      let counter = counters.get(bucket);
      if (!counter || counter.windowStart !== windowStart) {
        // At most once a second: many clients in one window must not make each hit O(n).
        if (counters.size >= SWEEP_AT && now - lastSweep >= 1000) {
          lastSweep = now;
          sweep(now);
        }
        counter = { windowStart, windowMs, count: 0 };
        counters.set(bucket, counter);
      }
      if (counter.count >= limit) return { allowed: false, limit, remaining: 0, retryAfter };
      counter.count++;
      return { allowed: true, limit, remaining: limit - counter.count, retryAfter };
    },
    size: () => counters.size,
  };
}
