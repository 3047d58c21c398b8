import { rateLimitKey } from "./keys.ts";

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (for `Retry-After`). */
  retryAfter: number;
}

/** Hits on one counter take turns inside this process, so they never race each other in KV. */
const inFlight = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  inFlight.set(key, run);
  run.finally(() => {
    if (inFlight.get(key) === run) inFlight.delete(key);
  }).catch(() => {});
  return run;
}

/**
 * Counts one hit in a fixed window. The counter is set with a versionstamp check rather than
 * `sum()`, because `sum()` drops the key's expiry. Hits from this process are serialized per
 * counter (a busy client's concurrent requests would otherwise lose most compare-and-sets);
 * only other processes can still collide, and those retries are few.
 */
export function hitRateLimit(
  kv: Deno.Kv,
  bucket: string,
  options: { limit: number; windowMs: number; now?: number },
): Promise<RateLimitResult> {
  return oneAtATime(bucket, () => countHit(kv, bucket, options));
}

async function countHit(
  kv: Deno.Kv,
  bucket: string,
  options: { limit: number; windowMs: number; now?: number },
): Promise<RateLimitResult> {
  const now = options.now ?? Date.now();
  const windowStart = Math.floor(now / options.windowMs) * options.windowMs;
  const retryAfter = Math.max(1, Math.ceil((windowStart + options.windowMs - now) / 1000));
  const key = rateLimitKey(bucket, windowStart);
  for (let attempt = 0; attempt < 50; attempt++) {
    const current = await kv.get<number>(key);
    const count = current.value ?? 0;
    if (count >= options.limit) {
      return { allowed: false, limit: options.limit, remaining: 0, retryAfter };
    }
    const res = await kv.atomic().check(current).set(key, count + 1, {
      expireIn: windowStart + options.windowMs - now + 1000,
    }).commit();
    if (res.ok) {
      return {
        allowed: true,
        limit: options.limit,
        remaining: options.limit - count - 1,
        retryAfter,
      };
    }
  }
  // Endless collisions can only come from many processes at once; a limiter must not turn
  // that into refusing real customers, so it lets this one request through.
  return { allowed: true, limit: options.limit, remaining: 0, retryAfter };
}

/**
 * Where a counter stands in its window, without counting a hit: for limits that count only
 * what succeeded (joins), checked before the attempt and counted after it.
 */
export async function peekRateLimit(
  kv: Deno.Kv,
  bucket: string,
  options: { limit: number; windowMs: number; now?: number },
): Promise<RateLimitResult> {
  const now = options.now ?? Date.now();
  const windowStart = Math.floor(now / options.windowMs) * options.windowMs;
  const retryAfter = Math.max(1, Math.ceil((windowStart + options.windowMs - now) / 1000));
  const count = (await kv.get<number>(rateLimitKey(bucket, windowStart))).value ?? 0;
  return {
    allowed: count < options.limit,
    limit: options.limit,
    remaining: Math.max(0, options.limit - count),
    retryAfter,
  };
}
