import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

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

/**
 * Gives an active user a new single-use link token (its hash and expiry), replacing any earlier
 * one: a mail handler issues the link at the moment it sends, so no usable link waits in the
 * outbox. Returns the address to mail, or null when the user is gone or inactive.
 */
export async function storeResetTokenForUser(
  trx: Tx,
  userId: string,
  tokenHash: string,
  ttlMs: number,
): Promise<{ email: string } | null> {
  const row = await trx.updateTable("tenantUsers")
    .set({
      passwordResetTokenHash: tokenHash,
      passwordResetExpires: sql`now() + make_interval(secs => ${ttlMs / 1000})`,
    })
    .where("id", "=", userId)
    .where("isActive", "=", true)
    .returning("email")
    .executeTakeFirst();
  return row ?? null;
}

/** The active user with this address, if any (a reset request records an event for them). */
export async function findActiveUserByEmail(
  trx: Tx,
  email: string,
): Promise<{ id: string; email: string } | null> {
  const row = await trx.selectFrom("tenantUsers").select(["id", "email"])
    .where("email", "=", email.toLowerCase())
    .where("isActive", "=", true)
    .executeTakeFirst();
  return row ?? null;
}
