import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { Role } from "../db/schema.ts";

export interface TenantUserRow {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  isActive: boolean;
  passwordHash: string | null;
}

export async function findTenantUserByEmail(trx: Tx, email: string): Promise<TenantUserRow | null> {
  const row = await trx.selectFrom("tenantUsers")
    .select(["id", "email", "fullName", "role", "isActive", "passwordHash"])
    .where("email", "=", email.toLowerCase()).executeTakeFirst();
  return row ?? null;
}

export async function recordTenantUserLogin(trx: Tx, userId: string): Promise<void> {
  await trx.updateTable("tenantUsers").set({ lastLogin: sql`now()` }).where("id", "=", userId)
    .execute();
}

/** The tenant's first active owner: who the development auth bypass acts as. */
export async function findFirstActiveOwner(trx: Tx): Promise<TenantUserRow | null> {
  const row = await trx.selectFrom("tenantUsers")
    .select(["id", "email", "fullName", "role", "isActive", "passwordHash"])
    .where("role", "=", "OWNER").where("isActive", "=", true).orderBy("createdAt")
    .executeTakeFirst();
  return row ?? null;
}
