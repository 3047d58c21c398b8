import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

/** Waiting parties per active tenant (platform path: across tenants, by slug). */
export async function countWaitingByTenant(
  trx: Tx,
): Promise<Array<{ tenant: string; waiting: number }>> {
  return await trx.selectFrom("tenants as t")
    .leftJoin(
      "queueEntries as e",
      (j) => j.onRef("e.tenantId", "=", "t.id").on("e.status", "=", "waiting"),
    )
    .select(["t.slug as tenant", sql<number>`count(e.id)::int`.as("waiting")])
    .where("t.isActive", "=", true).groupBy("t.slug").orderBy("t.slug").execute();
}
