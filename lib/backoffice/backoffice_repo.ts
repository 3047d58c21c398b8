import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export interface BackOfficeUserRow {
  id: string;
  email: string;
  fullName: string;
  isActive: boolean;
  passwordHash: string | null;
}

export async function findBackOfficeUserByEmail(
  trx: Tx,
  email: string,
): Promise<BackOfficeUserRow | null> {
  const row = await trx.selectFrom("backOfficeUsers")
    .select(["id", "email", "fullName", "isActive", "passwordHash"])
    .where("email", "=", email.toLowerCase()).executeTakeFirst();
  return row ?? null;
}

export async function recordBackOfficeLogin(trx: Tx, userId: string): Promise<void> {
  await trx.updateTable("backOfficeUsers").set({ lastLogin: sql`now()` }).where("id", "=", userId)
    .execute();
}
