import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/**
 * Stores a reset token's hash and expiry on the active user with this email, in the same
 * statement that looks the user up, so a known and an unknown address cost the same query.
 * A new token replaces any earlier one.
 */
export async function storePasswordResetToken(
  trx: Tx,
  email: string,
  tokenHash: string,
  ttlMs: number,
): Promise<{ id: string; email: string } | null> {
  const row = await trx.updateTable("tenantUsers")
    .set({
      passwordResetTokenHash: tokenHash,
      passwordResetExpires: sql`now() + make_interval(secs => ${ttlMs / 1000})`,
    })
    .where("email", "=", email.toLowerCase())
    .where("isActive", "=", true)
    .returning(["id", "email"])
    .executeTakeFirst();
  return row ?? null;
}

/** The active user an unexpired reset token belongs to, without using it up. */
export async function findUserByResetToken(trx: Tx, tokenHash: string): Promise<string | null> {
  const row = await trx.selectFrom("tenantUsers").select("id")
    .where("passwordResetTokenHash", "=", tokenHash)
    .where("passwordResetExpires", ">", sql<Date>`now()`)
    .where("isActive", "=", true)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Sets the new password hash and uses the token up in one statement: the token must still match
 * and be unexpired, so of two concurrent uses only one finds the row.
 */
export async function resetPasswordWithToken(
  trx: Tx,
  tokenHash: string,
  passwordHash: string,
): Promise<string | null> {
  const row = await trx.updateTable("tenantUsers")
    .set({
      passwordHash,
      passwordResetTokenHash: null,
      passwordResetExpires: null,
      updatedAt: sql`now()`,
    })
    .where("passwordResetTokenHash", "=", tokenHash)
    .where("passwordResetExpires", ">", sql<Date>`now()`)
    .where("isActive", "=", true)
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}
