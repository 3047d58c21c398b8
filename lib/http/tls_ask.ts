import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app_env.ts";
import { classifyHost } from "../tenant/host.ts";

const DomainQuery = z.object({
  domain: z.string().min(1).max(253)
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i, "a host name"),
});

/**
 * `GET /tls/allowed?domain=…`: the "ask" of a TLS proxy issuing certificates on demand (Caddy's
 * `on_demand_tls`): 200 for the apex, the back office, and every active tenant's subdomain or
 * custom domain; 404 for any other name, so nobody makes the proxy request certificates for
 * names we do not serve.
 */
export async function tlsAllowed(c: Context<AppEnv>): Promise<Response> {
  const parsed = DomainQuery.safeParse({ domain: c.req.query("domain") });
  c.header("Cache-Control", "no-store");
  if (!parsed.success) {
    return c.json({
      error: "Please check the highlighted fields",
      code: "invalid_input",
      fields: { domain: "Give a host name, e.g. ?domain=demo.example.com" },
    }, 422);
  }
  const { config, tenants } = c.var.deps;
  const target = classifyHost(parsed.data.domain, config.BASE_DOMAIN);
  if (target.kind === "apex" || target.kind === "backoffice") return c.json({ allowed: true });
  const tenant = await tenants.lookup(target);
  if (!tenant) return c.json({ allowed: false }, 404);
  return c.json({ allowed: true });
}
