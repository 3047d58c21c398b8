import type { Tx } from "../../lib/db/transaction_repo.ts";

/** The outbox rows a transaction can see (ids and tenants), as an attacker's query would. */
export async function listVisibleOutboxRows(
  trx: Tx,
): Promise<Array<{ id: string; tenantId: string | null }>> {
  return await trx.selectFrom("outbox").select(["id", "tenantId"]).execute();
}

/** Tries to mark every visible outbox row dead; how many it changed. */
export async function killVisibleOutboxRows(trx: Tx): Promise<number> {
  const r = await trx.updateTable("outbox").set({ status: "dead" }).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The events of a type the transaction's tenant can see, with their payloads. */
export async function listVisibleEvents(
  trx: Tx,
  type: string,
): Promise<Array<{ id: string; payload: unknown }>> {
  return await trx.selectFrom("outbox").select(["id", "payload"]).where("type", "=", type)
    .execute();
}
