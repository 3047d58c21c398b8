import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { Logger } from "../log.ts";
import type { Mailer } from "../mail/mailer.ts";
import { randomToken } from "../random.ts";
import { LoginSchema } from "./auth_schema.ts";
import { hashPassword } from "./password.ts";
import {
  findUserByResetToken,
  resetPasswordWithToken,
  storePasswordResetToken,
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
});

export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;

export interface ResetDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  log: Logger;
}

/** SHA-256 (hex) of a token: only this is stored, so a database leak holds no usable link. */
export async function hashResetToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts a reset for an email: when it names an active user of the tenant, stores a new
 * single-use token (hashed, expiring after `ttlMs`) and mails a link to `origin`.
 *
 * Timing: every call makes a token, hashes it and runs the same UPDATE (it finds the user and
 * stores the hash in one statement); only the mail differs, and it is sent after the caller has
 * answered, so the answer takes about as long either way. The trade-off: a send that fails is
 * logged, not retried, and not reported to the person (they can ask again).
 * `delivery` settles once the mail is handed over or its failure logged.
 */
export async function requestPasswordReset(
  deps: ResetDeps,
  request: { tenantId: string; tenantName: string; email: string; origin: string },
  options: { ttlMs?: number } = {},
): Promise<{ delivery: Promise<void> }> {
  const token = randomToken(32);
  const tokenHash = await hashResetToken(token);
  const ttlMs = options.ttlMs ?? RESET_TOKEN_TTL_MS;
  const user = await withTenant(
    deps.db,
    request.tenantId,
    (trx) => storePasswordResetToken(trx, request.email, tokenHash, ttlMs),
  );
  if (!user) return { delivery: Promise.resolve() };
  const link = `${request.origin}/dashboard/password/reset?token=${encodeURIComponent(token)}`;
  const delivery = deps.mailer.send(resetMail(user.email, request.tenantName, link)).catch(
    (err) => {
      deps.log("error", "password reset mail failed", {
        tenantId: request.tenantId,
        userId: user.id,
        error: String(err),
      });
    },
  );
  return { delivery };
}

function resetMail(to: string, tenantName: string, link: string) {
  return {
    to,
    subject: `Reset your ${tenantName} staff password`,
    text: [
      `Someone asked to reset the password of your ${tenantName} staff account.`,
      "",
      "Open this link within an hour to choose a new one (it works once):",
      link,
      "",
      "If it was not you, ignore this mail: your password stays as it is.",
    ].join("\n"),
  };
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
