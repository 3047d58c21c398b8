import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import type { LoginInput } from "../auth/auth_schema.ts";
import { verifyPassword } from "../auth/password.ts";
import {
  assertNotLockedOut,
  clearLoginFailures,
  recordLoginFailure,
} from "../auth/login_throttle.ts";
import { createSession, type SessionData } from "../auth/session_store.ts";
import { findBackOfficeUserByEmail, recordBackOfficeLogin } from "./backoffice_repo.ts";

/** Signs a platform admin in; its session is of its own kind and never valid on a tenant host. */
export async function loginBackOfficeUser(
  db: Kysely<Database>,
  kv: Deno.Kv,
  input: LoginInput,
  failureLimit: number,
): Promise<{ id: string; session: SessionData } | null> {
  await assertNotLockedOut(kv, "backoffice", input.email);
  const user = await withPlatform(db, (trx) => findBackOfficeUserByEmail(trx, input.email));
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !ok || !user.isActive) {
    await recordLoginFailure(kv, "backoffice", input.email, failureLimit);
    return null;
  }
  await clearLoginFailures(kv, "backoffice", input.email);
  await withPlatform(db, (trx) => recordBackOfficeLogin(trx, user.id));
  return await createSession(kv, {
    kind: "backoffice",
    userId: user.id,
    tenantId: null,
    role: null,
    email: user.email,
    fullName: user.fullName,
  });
}
