import { rateLimitKey } from "./keys.ts";

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (for `Retry-After`). */
  retryAfter: number;
}

/**
 * Counts one hit in a fixed window. The counter is set with a versionstamp check rather than
 * `sum()`, because `sum()` drops the key's expiry.
 */
export async function hitRateLimit(
  kv: Deno.Kv,
  bucket: string,
  options: { limit: number; windowMs: number; now?: number },
): Promise<RateLimitResult> {
  const now = options.now ?? Date.now();
  const windowStart = Math.floor(now / options.windowMs) * options.windowMs;
  const retryAfter = Math.max(1, Math.ceil((windowStart + options.windowMs - now) / 1000));
  const key = rateLimitKey(bucket, windowStart);
  for (let attempt = 0; attempt < 10; attempt++) {
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
  // Heavy contention on one key means many clients at once: refuse rather than spin.
  return { allowed: false, limit: options.limit, remaining: 0, retryAfter };
}
