import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";
import { requestOrigin } from "./request_origin.ts";

/**
 * A tenant's address, as seen from a back-office request: the same scheme and port as the
 * admin host, on `{slug}.BASE_DOMAIN` (invitation links and "open its site" links use it).
 */
export function tenantOrigin<E extends AppEnv>(c: Context<E>, slug: string): string {
  const origin = new URL(requestOrigin(c));
  return `${origin.protocol}//${slug}.${c.get("deps").config.BASE_DOMAIN}${
    origin.port ? `:${origin.port}` : ""
  }`;
}
