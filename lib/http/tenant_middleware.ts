import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import { classifyHost } from "../tenant/host.ts";
import { HttpError } from "./errors.ts";

/** The request's host, from the URL (Deno.serve builds it from `Host`) or a trusted proxy. */
export function requestHostname<E extends AppEnv>(c: Context<E>): string {
  const forwarded = c.var.deps.config.TRUST_PROXY ? c.req.header("x-forwarded-host") : undefined;
  const host = forwarded?.split(",")[0]?.trim() || new URL(c.req.url).host;
  return host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
}

/**
 * Host → tenant or back office. An unknown or inactive tenant ends here with a 404, before any
 * route runs, so no tenant route ever sees a request without its tenant.
 */
export function resolveTenant(): MiddlewareHandler<AppEnv> {
  return async function resolveTenantMiddleware(c, next) {
    const { config, tenants } = c.var.deps;
    const target = classifyHost(requestHostname(c), config.BASE_DOMAIN);
    c.set("tenant", null);
    if (target.kind === "backoffice" || target.kind === "apex") {
      c.set("area", "backoffice");
      if (c.req.path === "/") return c.redirect("/backoffice", 302);
      return await next();
    }
    const tenant = await tenants.lookup(target);
    if (!tenant) {
      throw new HttpError(404, "We could not find this venue. Check the address on your QR code.");
    }
    c.set("area", "tenant");
    c.set("tenant", tenant);
    await next();
  };
}
