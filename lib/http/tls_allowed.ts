import type { Handler } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app_env.ts";
import { classifyHost } from "../tenant/host.ts";
import { hitRateLimit } from "../kv/rate_limit.ts";
import { HttpError } from "./errors.ts";

const DomainQuery = z.string().trim().toLowerCase().min(1).max(253)
  .regex(/^[a-z0-9.-]+$/);

/** Asks per client per minute: a TLS proxy asks once per new host name, so this is generous. */
const ASKS_PER_MINUTE = 600;

/**
 * `GET /internal/tls/allowed?domain=…`, on any host and with no credential: 200 when the
 * domain is an active tenant's subdomain or custom domain, 404 otherwise. A TLS proxy with
 * on-demand certificates (Caddy's `on_demand_tls ask`) asks this before it gets a certificate,
 * so nobody can make it request certificates for names the platform does not serve. It says
 * only "served or not", which the host itself would tell anyone.
 */
export function tlsAllowed(): Handler<AppEnv> {
  return async function tlsAllowedHandler(c) {
    const { config, kv, tenants } = c.get("deps");
    const limit = await hitRateLimit(kv, `tls:${c.get("clientIp")}`, {
      limit: ASKS_PER_MINUTE,
      windowMs: 60_000,
    });
    if (!limit.allowed) {
      throw new HttpError(429, "Too many requests", {
        headers: { "Retry-After": String(limit.retryAfter) },
      });
    }
    c.header("Cache-Control", "no-store");
    const parsed = DomainQuery.safeParse(c.req.query("domain") ?? "");
    if (!parsed.success) {
      return c.json({ allowed: false, error: "Give ?domain=host.name", code: "bad_request" }, 400);
    }
    const target = classifyHost(parsed.data, config.BASE_DOMAIN);
    const entry = await tenants.resolve(target);
    if (!entry?.active) return c.json({ allowed: false }, 404);
    return c.json({ allowed: true }, 200);
  };
}
