import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { LoginInput } from "./auth_schema.ts";
import { verifyPassword } from "./password.ts";
import { createSession, type SessionData } from "./session_store.ts";
import { findTenantUserByEmail, recordTenantUserLogin } from "./user_repo.ts";

/**
 * Signs a tenant user in and opens a new session; null for any wrong email, password or
 * inactive account alike, so the answer never tells which.
 */
export async function loginTenantUser(
  db: Kysely<Database>,
  kv: Deno.Kv,
  tenantId: string,
  input: LoginInput,
): Promise<{ id: string; session: SessionData } | null> {
  const user = await withTenant(db, tenantId, (trx) => findTenantUserByEmail(trx, input.email));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !ok || !user.isActive) return null;
  await withTenant(db, tenantId, (trx) => recordTenantUserLogin(trx, user.id));
  return await createSession(kv, {
    kind: "tenant",
    userId: user.id,
    tenantId,
    role: user.role,
    email: user.email,
    fullName: user.fullName,
  });
}
