import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { PlatformActor } from "../audit/platform_command.ts";
import type { Database } from "../db/schema.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { BackofficeEnv } from "../http/app_env.ts";
import type { TenantDirectory } from "../tenant/tenant_directory.ts";

/** What a back-office command needs: the platform path, who acts, and where changes go next. */
export interface BackofficeScope {
  db: Kysely<Database>;
  kv: Deno.Kv;
  actor: PlatformActor;
  tenants: TenantDirectory;
  afterCommit: (events: DomainEvent[]) => void;
}

/** The signed-in admin's scope, from a back-office request. */
export function backofficeScope(c: Context<BackofficeEnv>): BackofficeScope {
  const { db, kv, tenants, dispatcher } = c.var.deps;
  return {
    db,
    kv,
    tenants,
    afterCommit: dispatcher.afterCommit,
    actor: {
      userId: c.var.admin.userId,
      userType: "SUPERADMIN",
      ipAddress: c.var.clientIp,
      userAgent: c.req.header("user-agent")?.slice(0, 500) ?? null,
    },
  };
}
