import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";
import { LoginSchema } from "./auth_schema.ts";
import { hashPassword } from "./password.ts";
import {
  findActiveUserByEmail,
  findUserByResetToken,
  resetPasswordWithToken,
} from "./password_reset_repo.ts";
import { revokeUserSessions } from "./revoke_sessions.ts";

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
export const FORGOT_PASSWORD_SENT =
  "If that address has an account, we sent a link to reset the password.";
export const INVALID_RESET_LINK = "This reset link is invalid or has expired; ask for a new one";

export const ForgotPasswordSchema = LoginSchema.pick({ email: true });

export const ResetPasswordSchema = z.object({
  // A missing or odd token is the same "invalid link" as an unknown one, never a field error.
  token: z.string().catch(""),
  password: z.string({ error: "Choose a new password" })
    .min(8, "Use at least 8 characters").max(200, "Password is too long"),
  /** The page's second field; API clients may leave it out. */
  confirmPassword: z.string().max(200).optional(),
}).refine((v) => v.confirmPassword === undefined || v.confirmPassword === v.password, {
  path: ["confirmPassword"],
  message: "The two passwords do not match; type the same one twice",
});

export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;

/** SHA-256 (hex) of a token: only this is stored, so a database leak holds no usable link. */
export async function hashResetToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts a reset for an email: when it names an active user of the tenant, records
 * `password.reset_requested`, and the outbox's mail handler issues a single-use link (valid an
 * hour) and mails it, retrying a failed send. The answer is the same whether or not the address
 * has an account; the mail is never sent inside the request.
 */
export async function requestPasswordReset(
  scope: TenantScope,
  request: { tenantName: string; email: string; origin: string },
): Promise<void> {
  await runCommand(scope, async ({ trx, record }) => {
    const user = await findActiveUserByEmail(trx, request.email);
    if (!user) return;
    record("password.reset_requested", {
      userId: user.id,
      tenantName: request.tenantName,
      origin: request.origin,
    });
  });
}

/** True while a token is unused, unexpired and its user active (the reset page asks first). */
export async function isResetTokenUsable(
  db: Kysely<Database>,
  tenantId: string,
  token: string,
): Promise<boolean> {
  if (!isTokenShaped(token)) return false;
  const tokenHash = await hashResetToken(token);
  return (await withTenant(db, tenantId, (trx) => findUserByResetToken(trx, tokenHash))) !== null;
}

/**
 * Sets a new password with a reset token and uses the token up, then ends every session of the
 * user. Returns false for an unknown, used or expired token (of this tenant).
 */
export async function resetPassword(
  deps: { db: Kysely<Database>; kv: Deno.Kv; bcryptRounds: number },
  tenantId: string,
  input: ResetPasswordInput,
): Promise<boolean> {
  // The lookup spares the bcrypt work for a bad token; the UPDATE below re-checks the token.
  if (!await isResetTokenUsable(deps.db, tenantId, input.token)) return false;
  const tokenHash = await hashResetToken(input.token);
  const passwordHash = await hashPassword(input.password, deps.bcryptRounds);
  const userId = await withTenant(
    deps.db,
    tenantId,
    (trx) => resetPasswordWithToken(trx, tokenHash, passwordHash),
  );
  if (!userId) return false;
  await revokeUserSessions(deps.kv, userId);
  return true;
}

function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
