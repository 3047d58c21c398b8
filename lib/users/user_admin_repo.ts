import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { Role } from "../db/schema.ts";

export interface StaffUserRow {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  isActive: boolean;
  lastLogin: Date | null;
  /** True until an invited user has chosen a password. */
  invited: boolean;
}

const COLUMNS = [
  "id",
  "email",
  "fullName",
  "role",
  "isActive",
  "lastLogin",
  sql<boolean>`password_hash is null`.as("invited"),
] as const;

export async function listStaffUsers(trx: Tx): Promise<StaffUserRow[]> {
  return await trx.selectFrom("tenantUsers").select(COLUMNS).orderBy("isActive", "desc")
    .orderBy("fullName").execute();
}

export async function lockStaffUser(trx: Tx, id: string): Promise<StaffUserRow | null> {
  const row = await trx.selectFrom("tenantUsers").select(COLUMNS).where("id", "=", id)
    .forUpdate().executeTakeFirst();
  return row ?? null;
}

/** Active owners, locked, so two demotions at once cannot leave the tenant with none. */
export async function lockActiveOwnerIds(trx: Tx): Promise<string[]> {
  const rows = await trx.selectFrom("tenantUsers").select("id").where("role", "=", "OWNER")
    .where("isActive", "=", true).forUpdate().execute();
  return rows.map((r) => r.id);
}

/** The plan's user limit, taking the row lock that makes concurrent invitations take turns. */
export async function lockPlanUserLimit(trx: Tx): Promise<number> {
  const row = await trx.selectFrom("tenantSubscriptions").select("maxUsersPerTenant").forUpdate()
    .executeTakeFirst();
  return row?.maxUsersPerTenant ?? 5;
}

export async function countActiveUsers(trx: Tx): Promise<number> {
  const row = await trx.selectFrom("tenantUsers").select(sql<number>`count(*)::int`.as("n"))
    .where("isActive", "=", true).executeTakeFirstOrThrow();
  return row.n;
}

export async function findUserIdByEmail(trx: Tx, email: string): Promise<string | null> {
  const row = await trx.selectFrom("tenantUsers").select("id").where("email", "=", email)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function insertInvitedUser(
  trx: Tx,
  v: {
    tenantId: string;
    email: string;
    fullName: string;
    role: Role;
  },
): Promise<StaffUserRow> {
  return await trx.insertInto("tenantUsers").values({
    tenantId: v.tenantId,
    email: v.email,
    fullName: v.fullName,
    role: v.role,
    passwordHash: null,
  }).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function updateStaffUser(
  trx: Tx,
  id: string,
  patch: { role?: Role; isActive?: boolean },
): Promise<StaffUserRow> {
  return await trx.updateTable("tenantUsers").set({ ...patch, updatedAt: sql`now()` })
    .where("id", "=", id).returning(COLUMNS).executeTakeFirstOrThrow();
}
