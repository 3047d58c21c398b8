import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import type { Role } from "../db/schema.ts";
import { getSession, type SessionData } from "../auth/session_store.ts";
import { readCookie } from "./cookies.ts";
import { authenticateApiClient } from "./api_auth.ts";
import { bypassSession } from "./auth_bypass.ts";
import { HttpError } from "./errors.ts";
import { wantsJson } from "./request_context.ts";

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
      const session = await getSession(c.var.deps.kv, id);
      const fits = session &&
        (c.var.area === "tenant"
          ? session.kind === "tenant" && session.tenantId === c.var.tenant?.id
          : session.kind === "backoffice");
      if (fits) {
        c.set("session", session);
        c.set("sessionId", id);
      }
    }
    if (!c.var.session && c.var.area === "tenant") c.set("session", await bypassSession(c));
    await next();
  };
}

/** The signed-in staff member of this tenant; pages redirect to the login, the API answers 401. */
export function requireStaff<E extends AppEnv>(c: Context<E>): SessionData & { tenantId: string } {
  const s = c.var.session;
  if (s?.kind === "tenant" && s.tenantId && s.tenantId === c.var.tenant?.id) {
    return s as SessionData & { tenantId: string };
  }
  if (wantsJson(c)) throw new HttpError(401, "Sign in to continue");
  const next = encodeURIComponent(c.req.path);
  throw new HttpError(303, "Sign in to continue", {
    headers: { Location: `/dashboard/login?next=${next}` },
  });
}

/** The signed-in staff member, if their role is one of `roles`; otherwise a 403. */
export function requireRole<E extends AppEnv>(
  c: Context<E>,
  roles: readonly Role[],
): SessionData & { tenantId: string } {
  const staff = requireStaff(c);
  if (!staff.role || !roles.includes(staff.role)) {
    throw new HttpError(403, "Your role does not allow this; ask an owner or admin");
  }
  return staff;
}

/** A manager signed in as themselves: API keys may not manage people, keys or settings. */
export function requirePerson<E extends AppEnv>(
  c: Context<E>,
  roles: readonly Role[],
): SessionData & { tenantId: string } {
  const staff = requireRole(c, roles);
  if (staff.via === "api") throw new HttpError(403, "API keys cannot do this; sign in as a person");
  return staff;
}
