import type { Tx } from "../db/transaction_repo.ts";

export interface ServiceTypeRow {
  id: string;
  queueId: string | null;
  name: string;
  description: string | null;
  estimatedServiceTime: number | null;
  sortOrder: number;
}

const COLUMNS = [
  "id",
  "queueId",
  "name",
  "description",
  "estimatedServiceTime",
  "sortOrder",
] as const;

export async function listServiceTypes(trx: Tx, queueId: string): Promise<ServiceTypeRow[]> {
  return await trx.selectFrom("serviceTypes").select(COLUMNS)
    .where("queueId", "=", queueId).where("isActive", "=", true)
    .orderBy("sortOrder").orderBy("name").execute();
}

export async function listServiceTypesOfQueues(
  trx: Tx,
  queueIds: string[],
): Promise<ServiceTypeRow[]> {
  if (queueIds.length === 0) return [];
  return await trx.selectFrom("serviceTypes").select(COLUMNS)
    .where("queueId", "in", queueIds).where("isActive", "=", true)
    .orderBy("sortOrder").orderBy("name").execute();
}

export async function findServiceType(
  trx: Tx,
  queueId: string,
  id: string,
): Promise<ServiceTypeRow | null> {
  const row = await trx.selectFrom("serviceTypes").select(COLUMNS)
    .where("queueId", "=", queueId).where("id", "=", id).where("isActive", "=", true)
    .executeTakeFirst();
  return row ?? null;
}

export async function insertServiceType(
  trx: Tx,
  values: {
    tenantId: string;
    merchantId: string;
    queueId: string;
    name: string;
    description: string | null;
    estimatedServiceTime: number | null;
    sortOrder: number;
  },
): Promise<ServiceTypeRow> {
  return await trx.insertInto("serviceTypes").values(values).returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Retires a type: entries that used it keep pointing at it for history. */
export async function deactivateServiceType(
  trx: Tx,
  queueId: string,
  id: string,
): Promise<boolean> {
  const res = await trx.updateTable("serviceTypes").set({ isActive: false })
    .where("queueId", "=", queueId).where("id", "=", id).where("isActive", "=", true)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
