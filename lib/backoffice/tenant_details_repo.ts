import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/** Platform-path reads for one tenant's details page; each names its tenant. */

export async function tenantUsage(trx: Tx, tenantId: string) {
  const merchants = await trx.selectFrom("merchants").select(sql<number>`count(*)::int`.as("n"))
    .where("tenantId", "=", tenantId).executeTakeFirstOrThrow();
  const queues = await trx.selectFrom("queues").select([
    "merchantId",
    sql<number>`count(*)::int`.as("n"),
  ]).where("tenantId", "=", tenantId).where("deletedAt", "is", null).groupBy("merchantId")
    .execute();
  const users = await trx.selectFrom("tenantUsers").select(sql<number>`count(*)::int`.as("n"))
    .where("tenantId", "=", tenantId).where("isActive", "=", true).executeTakeFirstOrThrow();
  return {
    merchants: merchants.n,
    queuesPerMerchant: Math.max(0, ...queues.map((q) => q.n)),
    users: users.n,
  };
}

export function tenantQueues(trx: Tx, tenantId: string) {
  return trx.selectFrom("queues as q").innerJoin("merchants as m", "m.id", "q.merchantId")
    .select([
      "q.id",
      "q.name",
      "q.isActive",
      "q.acceptingCustomers",
      "m.businessName",
      (eb) =>
        eb.selectFrom("queueEntries as e").select(sql<number>`count(*)::int`.as("n"))
          .whereRef("e.queueId", "=", "q.id").where("e.status", "in", ["waiting", "called"])
          .as("waiting"),
    ])
    .where("q.tenantId", "=", tenantId).where("q.deletedAt", "is", null).orderBy("q.name")
    .limit(200).execute();
}

export function tenantUsersOf(trx: Tx, tenantId: string) {
  return trx.selectFrom("tenantUsers")
    .select(["id", "email", "fullName", "role", "isActive", "lastLogin"])
    .where("tenantId", "=", tenantId).orderBy("email").limit(200).execute();
}

/** The tenant's own audit rows and the platform's rows about it, newest first. */
export function tenantActivity(trx: Tx, tenantId: string, limit = 20) {
  return trx.selectFrom("auditLogs")
    .select(["id", "action", "resource", "userType", "createdAt", "ipAddress"])
    .where((eb) =>
      eb.or([
        eb("tenantId", "=", tenantId),
        eb.and([eb("tenantId", "is", null), eb("resourceId", "=", tenantId)]),
      ])
    ).orderBy("createdAt", "desc").limit(limit).execute();
}
