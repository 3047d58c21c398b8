import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/** Tenant users across every tenant (platform path). */

export interface PlatformUserRow {
  id: string;
  email: string;
  fullName: string;
  role: string;
  isActive: boolean;
  lastLogin: Date | null;
  invited: boolean;
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
}

function baseQuery(trx: Tx) {
  return trx.selectFrom("tenantUsers as u").innerJoin("tenants as t", "t.id", "u.tenantId")
    .select([
      "u.id",
      "u.email",
      "u.fullName",
      "u.role",
      "u.isActive",
      "u.lastLogin",
      sql<boolean>`u.password_hash is null`.as("invited"),
      "u.tenantId",
      "t.name as tenantName",
      "t.slug as tenantSlug",
    ]);
}

export async function listPlatformUsers(
  trx: Tx,
  f: { q?: string; tenantId?: string; page: number; perPage: number },
): Promise<{ rows: PlatformUserRow[]; total: number }> {
  let q = baseQuery(trx);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("u.email", "ilike", like),
        eb("u.fullName", "ilike", like),
        eb("t.name", "ilike", like),
        eb("t.slug", "ilike", like),
      ])
    );
  }
  if (f.tenantId) q = q.where("u.tenantId", "=", f.tenantId);
  const rows = await q.orderBy("u.email").orderBy("u.id").limit(f.perPage)
    .offset((f.page - 1) * f.perPage).execute();
  const count = await q.clearSelect().select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return { rows: rows as PlatformUserRow[], total: count.n };
}

export async function findPlatformUser(
  trx: Tx,
  id: string,
  lock = false,
): Promise<PlatformUserRow | null> {
  let q = baseQuery(trx).where("u.id", "=", id);
  if (lock) q = q.forUpdate("u");
  return (await q.executeTakeFirst() as PlatformUserRow | undefined) ?? null;
}

export async function setPlatformUserActive(trx: Tx, id: string, active: boolean): Promise<void> {
  await trx.updateTable("tenantUsers").set({ isActive: active, updatedAt: sql`now()` })
    .where("id", "=", id).execute();
}
