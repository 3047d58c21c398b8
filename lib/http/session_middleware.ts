import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import { getSession } from "../auth/session_store.ts";
import { readCookie } from "./cookies.ts";
import { authenticateApiClient } from "./api_auth.ts";
import { bypassSession } from "./auth_bypass.ts";

export const SESSION_COOKIE = "qms_sid";

/** Loads the session named by the cookie (or an API credential), if it fits this host. */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async function loadSessionMiddleware(c, next) {
    c.set("session", null);
    c.set("sessionId", null);
    const authorization = c.req.header("authorization");
    if (authorization) {
      c.set("session", await authenticateApiClient(c, authorization));
      return await next();
    }
    const id = readCookie(c, SESSION_COOKIE);
    if (id) {
      const session = await getSession(c.get("deps").kv, id);
      const fits = session &&
        (c.get("area") === "tenant"
          ? session.kind === "tenant" && session.tenantId === c.get("tenant")?.id
          : session.kind === "backoffice");
      if (fits) {
        c.set("session", session);
        c.set("sessionId", id);
      }
    }
    if (!c.get("session") && c.get("area") === "tenant") c.set("session", await bypassSession(c));
    await next();
  };
}
