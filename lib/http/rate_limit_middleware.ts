import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import type { Config } from "../config.ts";
import type { Plan } from "../db/schema.ts";
import { hitRateLimit, peekRateLimit, type RateLimitResult } from "../kv/rate_limit.ts";
import { createMemoryRateLimiter } from "./memory_rate_limit.ts";
import { HttpError } from "./errors.ts";

export function planRequestLimit(config: Config, plan: Plan): number {
  const limits: Record<Plan, number> = {
    FREE: config.RATE_LIMIT_MAX_FREE,
    BASIC: config.RATE_LIMIT_MAX_BASIC,
    PREMIUM: config.RATE_LIMIT_MAX_PREMIUM,
    ENTERPRISE: config.RATE_LIMIT_MAX_ENTERPRISE,
  };
  return limits[plan];
}

/** The plan's request limit is counted here, per process; see memory_rate_limit.ts. */
const memoryLimiter = createMemoryRateLimiter();

/** One request of a client counted against its tenant's plan limit (the platform's: BASIC). */
export function hitPlanLimit(
  config: Config,
  tenant: { id: string; plan: Plan } | null,
  clientIp: string,
): RateLimitResult {
  return memoryLimiter.hit(`all:${tenant ? tenant.id : "platform"}:${clientIp}`, {
    limit: planRequestLimit(config, tenant?.plan ?? "BASIC"),
    windowMs: config.RATE_LIMIT_WINDOW_MS,
  });
}

/** The headers that tell a client its plan limit and what is left of it. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  return {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
  };
}

async function enforce(
  c: Context<AppEnv>,
  bucket: string,
  limit: number,
  windowMs: number,
  what: string,
  inMemory = false,
): Promise<void> {
  const result: RateLimitResult = inMemory
    ? memoryLimiter.hit(bucket, { limit, windowMs })
    : await hitRateLimit(c.get("deps").kv, bucket, { limit, windowMs });
  refuseOver(c, result, what);
}

function refuseOver(c: Context<AppEnv>, result: RateLimitResult, what: string): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(result))) c.header(name, value);
  if (!result.allowed) {
    throw new HttpError(429, `Too many ${what}; please try again in ${result.retryAfter} seconds`, {
      headers: { "Retry-After": String(result.retryAfter) },
    });
  }
}

/**
 * Every request of a client, per tenant, limited by the tenant's plan (spec §7.3), counted in
 * this process's memory: with N processes a client may send up to N times the plan's limit. The
 * limits that must hold across processes (joins, sign-ins, chat messages, inbound SMS and
 * WhatsApp) count in KV on their own. Provider callbacks
 * (`/webhooks/…`: Meta's and Twilio's few addresses carry every customer's messages and every
 * delivery status) have a bucket of their own, counted in memory, so a busy night's traffic is
 * not refused as one client's.
 */
export function planRateLimit(): MiddlewareHandler<AppEnv> {
  return async function planRateLimitMiddleware(c, next) {
    const { config } = c.get("deps");
    const tenant = c.get("tenant");
    const scope = tenant ? tenant.id : "platform";
    if (c.req.path.startsWith("/webhooks/")) {
      await enforce(
        c,
        `webhook:${scope}:${c.get("clientIp")}`,
        config.RATE_LIMIT_WEBHOOK_PER_MINUTE,
        60_000,
        "webhook calls",
        true,
      );
      return await next();
    }
    refuseOver(c, hitPlanLimit(config, tenant, c.get("clientIp")), "requests");
    await next();
  };
}

function joinBucket<E extends AppEnv>(c: Context<E>): string {
  return `join:${c.get("tenant")?.id ?? "platform"}:${c.get("clientIp")}`;
}

/**
 * Refuses a join (429) when this client already joined its limit this minute. Only joins that
 * went through count (`countJoin`): a family behind a restaurant's shared Wi-Fi is not locked
 * out by others' typos. Failed attempts are bounded by the plan's request limit instead.
 */
export async function checkJoinAllowance<E extends AppEnv>(c: Context<E>): Promise<void> {
  const { config, kv } = c.get("deps");
  const state = await peekRateLimit(kv, joinBucket(c), {
    limit: config.RATE_LIMIT_JOIN_PER_MINUTE,
    windowMs: 60_000,
  });
  c.header("RateLimit-Limit", String(state.limit));
  c.header("RateLimit-Remaining", String(state.remaining));
  if (!state.allowed) {
    throw new HttpError(
      429,
      `Too many joins from this connection; please try again in ${state.retryAfter} seconds`,
      { headers: { "Retry-After": String(state.retryAfter) } },
    );
  }
}

/** Counts one join that went through against this client's per-minute limit. */
export async function countJoin<E extends AppEnv>(c: Context<E>): Promise<void> {
  const { config, kv } = c.get("deps");
  const result = await hitRateLimit(kv, joinBucket(c), {
    limit: config.RATE_LIMIT_JOIN_PER_MINUTE,
    windowMs: 60_000,
  });
  c.header("RateLimit-Remaining", String(result.remaining));
}

/** Attempts to find a lost ticket, per client per tenant per minute: every try counts. */
export function recoverRateLimit(): MiddlewareHandler<AppEnv> {
  return async function recoverRateLimitMiddleware(c, next) {
    const { config } = c.get("deps");
    const scope = c.get("tenant")?.id ?? "platform";
    await enforce(
      c,
      `recover:${scope}:${c.get("clientIp")}`,
      config.RATE_LIMIT_JOIN_PER_MINUTE,
      60_000,
      "attempts to find a ticket",
    );
    await next();
  };
}

/** Sign-in attempts per client per tenant per 15 minutes. */
export function loginRateLimit(): MiddlewareHandler<AppEnv> {
  return async function loginRateLimitMiddleware(c, next) {
    const { config } = c.get("deps");
    const scope = c.get("tenant")?.id ?? "platform";
    await enforce(
      c,
      `login:${scope}:${c.get("clientIp")}`,
      config.RATE_LIMIT_LOGIN_PER_15_MIN,
      900_000,
      "sign-in attempts",
    );
    await next();
  };
}
