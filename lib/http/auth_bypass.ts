import type { Context } from "hono";
import type { AppEnv } from "./app_env.ts";
import type { SessionData } from "../auth/session_store.ts";
import { findFirstActiveOwner } from "../auth/user_repo.ts";
import { withTenant } from "../db/transaction_repo.ts";

/**
 * spec §7.1's development bypass: with USE_AUTH_BYPASS=true (refused in production by
 * loadConfig) a visitor without a session acts as the tenant's first owner.
 */
export async function bypassSession<E extends AppEnv>(c: Context<E>): Promise<SessionData | null> {
  const { config, db } = c.get("deps");
  const tenant = c.get("tenant");
  if (!config.USE_AUTH_BYPASS || config.isProduction || !tenant) return null;
  const owner = await withTenant(db, tenant.id, findFirstActiveOwner);
  if (!owner) return null;
  const now = Date.now();
  return {
    kind: "tenant",
    userId: owner.id,
    tenantId: tenant.id,
    role: owner.role,
    email: owner.email,
    fullName: owner.fullName,
    createdAt: now,
    expiresAt: now + 60_000,
  };
}
