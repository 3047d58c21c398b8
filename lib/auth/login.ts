import { insertAuditLog } from "../audit/audit_repo.ts";
import type { TenantScope } from "../scope.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { LoginInput } from "./auth_schema.ts";
import { admitLoginAttempt, clearLoginFailures, recordLoginFailure } from "./login_throttle.ts";
import { verifyPassword } from "./password.ts";
import { createSession, type SessionData } from "./session_store.ts";
import { findTenantUserByEmail, recordTenantUserLogin } from "./user_repo.ts";

export interface LoginOptions {
  /** Failures before the account is locked for a while (FAILED_LOGIN_LIMIT). */
  failureLimit: number;
}

/**
 * Signs a tenant user in and opens a new session; null for any wrong email, password or
 * inactive account alike, so the answer never tells which. Repeated failures lock the address
 * (429 with when to retry); attempts the lock would refuse anyway are refused before any
 * hashing; every attempt that is checked is in the audit log.
 */
export async function loginTenantUser(
  scope: TenantScope,
  input: LoginInput,
  options: LoginOptions,
): Promise<{ id: string; session: SessionData } | null> {
  const account = { scope: scope.tenantId, email: input.email };
  const free = await admitLoginAttempt(scope.kv, account, { limit: options.failureLimit });
  try {
    return await checkTenantLogin(scope, input, options);
  } finally {
    free();
  }
}

/** The sign-in once admitted: the password check, its audit, and the failure count. */
async function checkTenantLogin(
  scope: TenantScope,
  input: LoginInput,
  options: LoginOptions,
): Promise<{ id: string; session: SessionData } | null> {
  const { db, kv, tenantId, actor } = scope;
  const user = await withTenant(db, tenantId, (trx) => findTenantUserByEmail(trx, input.email));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  const success = !!user && ok && user.isActive;
  await withTenant(db, tenantId, async (trx) => {
    if (success) await recordTenantUserLogin(trx, user.id);
    await insertAuditLog(trx, {
      tenantId,
      userId: user?.id ?? null,
      userType: "MERCHANT",
      action: success ? "auth.login" : "auth.login-failed",
      resource: "tenant_user",
      resourceId: user?.id ?? null,
      details: success ? null : { email: input.email },
      ipAddress: actor.ipAddress,
      userAgent: actor.userAgent,
    });
  });
  if (!success) {
    await recordLoginFailure(kv, tenantId, input.email, options.failureLimit);
    return null;
  }
  await clearLoginFailures(kv, tenantId, input.email);
  return await createSession(kv, {
    kind: "tenant",
    userId: user.id,
    tenantId,
    role: user.role,
    email: user.email,
    fullName: user.fullName,
  });
}
