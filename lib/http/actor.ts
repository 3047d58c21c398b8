import type { Context } from "hono";
import type { Actor } from "../audit/actor.ts";
import type { AppEnv } from "./app_env.ts";
import { requireRole, requireStaff } from "./session_middleware.ts";
import type { Role } from "../db/schema.ts";

/** The signed-in staff member as the audit log records them. */
export function staffActor<E extends AppEnv>(c: Context<E>, roles?: readonly Role[]): Actor {
  const staff = roles ? requireRole(c, roles) : requireStaff(c);
  return {
    userId: staff.userId,
    userType: "MERCHANT",
    ipAddress: c.var.clientIp,
    userAgent: c.req.header("user-agent")?.slice(0, 500) ?? null,
  };
}
