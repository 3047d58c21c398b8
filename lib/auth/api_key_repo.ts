import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: "ADMIN" | "STAFF";
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = ["id", "name", "prefix", "role", "createdAt", "lastUsedAt", "revokedAt"] as const;

export async function insertApiKey(
  trx: Tx,
  v: {
    tenantId: string;
    name: string;
    prefix: string;
    secretHash: string;
    role: "ADMIN" | "STAFF";
    createdBy: string | null;
  },
): Promise<ApiKeyRow> {
  return await trx.insertInto("apiKeys").values(v).returning(COLUMNS).executeTakeFirstOrThrow();
}

export async function listApiKeys(trx: Tx): Promise<ApiKeyRow[]> {
  return await trx.selectFrom("apiKeys").select(COLUMNS).orderBy("createdAt", "desc").execute();
}

/** A live key of the current tenant by its public prefix, with its hash for comparison. */
export async function findLiveApiKeyByPrefix(
  trx: Tx,
  prefix: string,
): Promise<(ApiKeyRow & { secretHash: string }) | null> {
  const row = await trx.selectFrom("apiKeys").select([...COLUMNS, "secretHash"])
    .where("prefix", "=", prefix).where("revokedAt", "is", null).executeTakeFirst();
  return row ?? null;
}

export async function findLiveApiKeyById(trx: Tx, id: string): Promise<ApiKeyRow | null> {
  const row = await trx.selectFrom("apiKeys").select(COLUMNS)
    .where("id", "=", id).where("revokedAt", "is", null).executeTakeFirst();
  return row ?? null;
}

/** Records use at most once a minute per key, so busy integrations do not write per request. */
export async function touchApiKey(trx: Tx, id: string): Promise<void> {
  await trx.updateTable("apiKeys").set({ lastUsedAt: sql`now()` }).where("id", "=", id)
    .where((eb) =>
      eb.or([
        eb("lastUsedAt", "is", null),
        eb("lastUsedAt", "<", sql<Date>`now() - interval '1 minute'`),
      ])
    ).execute();
}

export async function revokeApiKey(trx: Tx, id: string): Promise<ApiKeyRow | null> {
  const row = await trx.updateTable("apiKeys").set({ revokedAt: sql`now()` })
    .where("id", "=", id).where("revokedAt", "is", null).returning(COLUMNS).executeTakeFirst();
  return row ?? null;
}
