import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";

/**
 * Where this request was addressed, for links in mail: the tenant's own host (resolveTenant
 * already matched it), or the forwarded one behind a trusted proxy.
 */
export function requestOrigin<E extends AppEnv>(c: Context<E>): string {
  const url = new URL(c.req.url);
  const host = c.get("deps").config.TRUST_PROXY
    ? c.req.header("x-forwarded-host")?.split(",")[0]?.trim()
    : undefined;
  if (!host) return url.origin;
  const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim();
  return `${proto === "http" || proto === "https" ? proto : "https"}://${host}`;
}
