import type { Context, MiddlewareHandler } from "hono";
import type { Actor } from "../audit/actor.ts";
import type { Role } from "../db/schema.ts";
import type { TenantScope } from "../scope.ts";
import type { AppEnv, StaffSession } from "./app_env.ts";
import { HttpError } from "./errors.ts";
import { wantsJson } from "./request_context.ts";

/**
 * The guards a route folder's `_middleware.ts` applies to every route below it (Fresh's model):
 * tenant area, staff session, role, back-office area and session. Handlers do not repeat them;
 * they read what the guards set (`c.get("tenant")`, `c.get("staff")`, `c.get("scope")`, `c.get("admin")`).
 */

function actorOf(c: Context<AppEnv>, userId: string | null, type: Actor["userType"]): Actor {
  return {
    userId,
    userType: type,
    ipAddress: c.get("clientIp"),
    userAgent: c.req.header("user-agent")?.slice(0, 500) ?? null,
  };
}

function scopeOf(c: Context<AppEnv>, tenantId: string, actor: Actor): TenantScope {
  const { db, kv, log, dispatcher } = c.get("deps");
  return { db, kv, log, actor, tenantId, afterCommit: dispatcher.afterCommit };
}

/** A tenant's host is required (the back office answers 404); customers act as themselves. */
export function tenantArea(): MiddlewareHandler<AppEnv> {
  return async function tenantAreaGuard(c, next) {
    const tenant = c.get("tenant");
    if (c.get("area") !== "tenant" || !tenant) throw new HttpError(404, "Page not found");
    c.set("scope" as never, scopeOf(c, tenant.id, actorOf(c, null, "CUSTOMER")) as never);
    await next();
  };
}

export interface StaffAreaOptions {
  /** Roles allowed; any staff role when unset. Others get a 403. */
  roles?: readonly Role[];
  /** Refuse API keys: managing people, keys and settings needs a person signed in. */
  personOnly?: boolean;
}

/**
 * A signed-in staff member of this tenant is required: pages send others to the sign-in page,
 * the API answers 401. With `roles`, other roles get a 403.
 */
export function staffArea(options: StaffAreaOptions = {}): MiddlewareHandler<AppEnv> {
  return async function staffAreaGuard(c, next) {
    const s = c.get("session");
    const tenant = c.get("tenant");
    if (!tenant || s?.kind !== "tenant" || s.tenantId !== tenant.id || !s.role) {
      if (wantsJson(c)) throw new HttpError(401, "Sign in to continue");
      const next = encodeURIComponent(c.req.path);
      return c.redirect(`/dashboard/login?next=${next}`, 303);
    }
    if (options.roles && !options.roles.includes(s.role)) {
      throw new HttpError(403, "Your role does not allow this; ask an owner or admin");
    }
    if (options.personOnly && s.via === "api") {
      throw new HttpError(403, "API keys cannot do this; sign in as a person");
    }
    const staff = s as StaffSession;
    c.set("staff" as never, staff as never);
    const scope = {
      ...scopeOf(c, tenant.id, actorOf(c, staff.userId, "MERCHANT")),
      role: staff.role,
    };
    c.set("scope" as never, scope as never);
    await next();
  };
}

/** The back-office host is required: on a tenant's host these routes do not exist. */
export function backofficeArea(): MiddlewareHandler<AppEnv> {
  return async function backofficeAreaGuard(c, next) {
    if (c.get("area") !== "backoffice") throw new HttpError(404, "Page not found");
    await next();
  };
}

/** A back-office session is required; others are sent to the back-office sign-in. */
export function backofficeSession(): MiddlewareHandler<AppEnv> {
  return async function backofficeSessionGuard(c, next) {
    const s = c.get("session");
    if (s?.kind !== "backoffice") {
      if (wantsJson(c)) throw new HttpError(401, "Sign in to continue");
      return c.redirect("/backoffice/login", 303);
    }
    c.set("admin" as never, s as never);
    await next();
  };
}

/** The roles that manage queues, users and settings. */
export const MANAGERS: readonly Role[] = ["OWNER", "ADMIN"];
