import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import type { LoginInput } from "../auth/auth_schema.ts";
import { verifyPassword } from "../auth/password.ts";
import {
  type PlatformActor,
  platformCommand,
  recordPlatformAction,
} from "../audit/platform_command.ts";
import {
  admitLoginAttempt,
  clearLoginFailures,
  recordLoginFailure,
} from "../auth/login_throttle.ts";
import { createSession, type SessionData } from "../auth/session_store.ts";
import { findBackOfficeUserByEmail, recordBackOfficeLogin } from "./backoffice_repo.ts";

interface BackOfficeLoginContext {
  failureLimit: number;
  ipAddress: string;
  userAgent: string | null;
}

/**
 * Signs a platform admin in; its session is of its own kind and never valid on a tenant host.
 * Attempts the account's lock would refuse anyway are refused before any hashing.
 */
export async function loginBackOfficeUser(
  db: Kysely<Database>,
  kv: Deno.Kv,
  input: LoginInput,
  ctx: BackOfficeLoginContext,
): Promise<{ id: string; session: SessionData } | null> {
  const account = { scope: "backoffice", email: input.email };
  const free = await admitLoginAttempt(kv, account, { limit: ctx.failureLimit });
  try {
    return await checkBackOfficeLogin(db, kv, input, ctx);
  } finally {
    free();
  }
}

/** The sign-in once admitted: the password check, its audit, and the failure count. */
async function checkBackOfficeLogin(
  db: Kysely<Database>,
  kv: Deno.Kv,
  input: LoginInput,
  ctx: BackOfficeLoginContext,
): Promise<{ id: string; session: SessionData } | null> {
  const failureLimit = ctx.failureLimit;
  const user = await withPlatform(db, (trx) => findBackOfficeUserByEmail(trx, input.email));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  const success = !!user && ok && user.isActive;
  const actor: PlatformActor = {
    userId: user?.id ?? null,
    userType: "SUPERADMIN",
    ipAddress: ctx.ipAddress,
    userAgent: ctx.userAgent,
  };
  if (!success) {
    await withPlatform(db, (trx) =>
      recordPlatformAction(trx, actor, {
        action: "backoffice.login-failed",
        resource: "back_office_user",
        resourceId: user?.id ?? null,
        details: { email: input.email },
      }));
    await recordLoginFailure(kv, "backoffice", input.email, failureLimit);
    return null;
  }
  await platformCommand({ db, actor }, async (trx, audit) => {
    await recordBackOfficeLogin(trx, user.id);
    await audit({ action: "backoffice.login", resource: "back_office_user", resourceId: user.id });
  });
  await clearLoginFailures(kv, "backoffice", input.email);
  return await createSession(kv, {
    kind: "backoffice",
    userId: user.id,
    tenantId: null,
    role: null,
    email: user.email,
    fullName: user.fullName,
  });
}
