import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import { classifyHost } from "../tenant/host.ts";
import { HttpError } from "./errors.ts";
import { requestLocale } from "./customer_locale.ts";
import { tenantStatusMessages } from "../i18n/messages/tenant_status.ts";

const BAD_HOST = "The Host header is not a valid host name and port";

/** The request's host, from the URL (Deno.serve builds it from `Host`) or a trusted proxy. */
export function requestHostname<E extends AppEnv>(c: Context<E>): string {
  const forwarded = c.get("deps").config.TRUST_PROXY ? c.req.header("x-forwarded-host") : undefined;
  return hostnameOf(c.req.url, forwarded);
}

/** The hostname of a request's URL, or of `X-Forwarded-Host` when that is given (and trusted). */
export function hostnameOf(url: string, forwarded: string | null | undefined): string {
  // The URL is checked even behind a proxy: later code (CSRF, links in mail) parses it too.
  const own = parseHost(url);
  const first = forwarded?.split(",")[0]?.trim();
  return (first ? parseHost(`http://${first}/`) : own).hostname.replace(/^\[|\]$/g, "");
}

/**
 * A host that no URL can hold (a port past 65535, `:abc`, a space) is a 400 here, where it is
 * first parsed, rather than an "Invalid URL" 500 further on.
 */
function parseHost(href: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new HttpError(400, BAD_HOST);
  }
  if (url.username || url.password) throw new HttpError(400, BAD_HOST);
  return url;
}

/**
 * Host → tenant or back office. An unknown tenant ends here with a 404 and an inactive one with
 * a 503, before any route runs, so no tenant route ever sees a request without its tenant.
 */
export function resolveTenant(): MiddlewareHandler<AppEnv> {
  return async function resolveTenantMiddleware(c, next) {
    const { config, tenants } = c.get("deps");
    const target = classifyHost(requestHostname(c), config.BASE_DOMAIN);
    c.set("tenant", null);
    if (target.kind === "backoffice" || target.kind === "apex") {
      c.set("area", "backoffice");
      if (c.req.path === "/") return c.redirect("/backoffice", 302);
      return await next();
    }
    const entry = await tenants.resolve(target);
    if (!entry) {
      throw new HttpError(404, "We could not find this venue. Check the address on your QR code.");
    }
    if (!entry.active) {
      // Every page and API call of a suspended tenant, sign-in included, in the visitor's language.
      const t = tenantStatusMessages.for(requestLocale(c));
      throw new HttpError(503, t("unavailable"), {
        code: "tenant_unavailable",
        headers: { "Retry-After": "300" },
      });
    }
    const tenant = entry.tenant;
    c.set("banner", await tenants.banner());
    c.set("area", "tenant");
    c.set("tenant", tenant);
    await next();
  };
}
