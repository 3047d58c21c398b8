import type { Config } from "../config.ts";

/**
 * The tenant's own address: `{slug}.{BASE_DOMAIN}`, with the scheme and port of
 * PUBLIC_BASE_URL when set, else https in production and http with the app's port elsewhere.
 */
export function tenantOrigin(config: Config, slug: string): string {
  if (config.PUBLIC_BASE_URL) {
    const base = new URL(config.PUBLIC_BASE_URL);
    return `${base.protocol}//${slug}.${config.BASE_DOMAIN}${base.port ? `:${base.port}` : ""}`;
  }
  if (config.isProduction) return `https://${slug}.${config.BASE_DOMAIN}`;
  const port = config.PORT === 0 || config.PORT === 80 ? "" : `:${config.PORT}`;
  return `http://${slug}.${config.BASE_DOMAIN}${port}`;
}

export function statusPageUrl(config: Config, slug: string, sessionId: string): string {
  return `${tenantOrigin(config, slug)}/queue/status/${sessionId}`;
}
