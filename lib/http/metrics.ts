import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import { observeRequest } from "../metrics/registry.ts";
import { renderPrometheus } from "../metrics/prometheus.ts";
import { countWaitingByTenant } from "../metrics/metrics_repo.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { classifyHost } from "../tenant/host.ts";
import { requestHostname } from "./tenant_middleware.ts";
import { hitRateLimit } from "../kv/rate_limit.ts";

/**
 * The route pattern that answered (`/api/queues/:id/join`), never the raw path: the last
 * matched route that is not a middleware, else the deepest area, else "unmatched".
 */
function routeOf<E extends AppEnv>(c: Context<E>): string {
  const matched = c.req.matchedRoutes;
  for (let i = matched.length - 1; i >= 0; i--) {
    const r = matched[i]!;
    if (r.method !== "ALL") return r.path;
  }
  const last = matched[matched.length - 1]?.path;
  return last && last !== "/*" ? last : "unmatched";
}

/** Counts every request by route pattern, method and status, with its duration. */
export function recordRequestMetrics(): MiddlewareHandler<AppEnv> {
  return async function requestMetricsMiddleware(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      observeRequest(routeOf(c), c.req.method, c.res.status, (performance.now() - started) / 1e3);
    }
  };
}

const FAILED_TOKENS_PER_MINUTE = 20;

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}

function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ (y[i % y.length] ?? 0);
  return diff === 0;
}

/**
 * `GET /metrics`: Prometheus text, only when METRICS_TOKEN is set, only off tenant hosts (the
 * apex, `admin.`, or a bare IP), only with `Authorization: Bearer <token>` (else 401). On a
 * tenant's host, or with no token configured, there is no such page (404).
 */
export function serveMetrics(): MiddlewareHandler<AppEnv> {
  return async function metricsRoute(c) {
    const { config, hub, dispatcher, db } = c.get("deps");
    const host = requestHostname(c);
    const kind = classifyHost(host, config.BASE_DOMAIN).kind;
    const operatorHost = kind === "apex" || kind === "backoffice" || isIpLiteral(host);
    if (!config.METRICS_TOKEN || !operatorHost) {
      return c.text("Not found", 404);
    }
    const auth = c.req.header("authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!timingSafeEqual(token, config.METRICS_TOKEN)) {
      // Only wrong tokens count, so a scraper with the right one is never slowed down.
      const hit = await hitRateLimit(c.get("deps").kv, `metrics:${c.get("clientIp")}`, {
        limit: FAILED_TOKENS_PER_MINUTE,
        windowMs: 60_000,
      });
      if (!hit.allowed) {
        return c.text("Too many wrong tokens", 429, { "Retry-After": String(hit.retryAfter) });
      }
      return c.text("Unauthorized", 401, { "WWW-Authenticate": 'Bearer realm="metrics"' });
    }
    const outbox = await dispatcher.stats();
    const body = renderPrometheus({
      sseConnections: hub.stats().subscribers,
      outboxPending: outbox.pending,
      outboxDead: outbox.dead,
      outboxOldestAgeSeconds: outbox.oldestPendingMs / 1000,
      queueWaiting: await withPlatform(db, countWaitingByTenant),
    });
    return c.body(body, 200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Cache-Control": "no-store",
    });
  };
}
