import type { Context } from "hono";
import type { BackofficeScope } from "../backoffice/backoffice_scope.ts";
import type { BackofficeEnv } from "./app_env.ts";

/** The signed-in admin's scope, from a back-office request. */
export function backofficeScope(c: Context<BackofficeEnv>): BackofficeScope {
  const { db, kv, tenants, dispatcher } = c.get("deps");
  return {
    db,
    kv,
    tenants,
    afterCommit: dispatcher.afterCommit,
    actor: {
      userId: c.get("admin").userId,
      userType: "SUPERADMIN",
      ipAddress: c.get("clientIp"),
      userAgent: c.req.header("user-agent")?.slice(0, 500) ?? null,
    },
  };
}
