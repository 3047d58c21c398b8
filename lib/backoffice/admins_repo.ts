import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/** Back-office users (platform path). */

export interface AdminRow {
  id: string;
  email: string;
  fullName: string;
  isActive: boolean;
  lastLogin: Date | null;
  invited: boolean;
}

const COLUMNS = [
  "id",
  "email",
  "fullName",
  "isActive",
  "lastLogin",
  sql<boolean>`password_hash is null`.as("invited"),
] as const;

export function listAdmins(trx: Tx): Promise<AdminRow[]> {
  return trx.selectFrom("backOfficeUsers").select(COLUMNS).orderBy("email").limit(500).execute();
}

export async function findAdmin(trx: Tx, id: string, lock = false): Promise<AdminRow | null> {
  let q = trx.selectFrom("backOfficeUsers").select(COLUMNS).where("id", "=", id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

export async function findAdminIdByEmail(trx: Tx, email: string): Promise<string | null> {
  const row = await trx.selectFrom("backOfficeUsers").select("id").where("email", "=", email)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertInvitedAdmin(
  trx: Tx,
  a: { email: string; fullName: string },
): Promise<AdminRow> {
  return await trx.insertInto("backOfficeUsers").values({ ...a, passwordHash: null })
    .returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function setAdminActiveRow(trx: Tx, id: string, active: boolean): Promise<void> {
  await trx.updateTable("backOfficeUsers").set({ isActive: active, updatedAt: sql`now()` })
    .where("id", "=", id).execute();
}

/** A fresh single-use link token for an active admin; the email, or null when none is active. */
export async function storeAdminToken(
  trx: Tx,
  id: string,
  tokenHash: string,
  ttlMs: number,
): Promise<string | null> {
  const row = await trx.updateTable("backOfficeUsers").set({
    passwordResetTokenHash: tokenHash,
    passwordResetExpires: new Date(Date.now() + ttlMs),
  }).where("id", "=", id).where("isActive", "=", true).returning("email").executeTakeFirst();
  return row?.email ?? null;
}

export async function findAdminByToken(trx: Tx, tokenHash: string): Promise<string | null> {
  const row = await trx.selectFrom("backOfficeUsers").select("id")
    .where("passwordResetTokenHash", "=", tokenHash)
    .where("passwordResetExpires", ">", sql<Date>`now()`).where("isActive", "=", true)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Sets the password and uses the token up in one statement (of two uses, one wins). */
export async function setAdminPasswordWithToken(
  trx: Tx,
  tokenHash: string,
  passwordHash: string,
): Promise<string | null> {
  const row = await trx.updateTable("backOfficeUsers").set({
    passwordHash,
    passwordResetTokenHash: null,
    passwordResetExpires: null,
    updatedAt: sql`now()`,
  }).where("passwordResetTokenHash", "=", tokenHash)
    .where("passwordResetExpires", ">", sql<Date>`now()`).where("isActive", "=", true)
    .returning("id").executeTakeFirst();
  return row?.id ?? null;
}
