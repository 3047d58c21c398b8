import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

const KEY = "platform";

/** The stored platform settings (as written; `readPlatformSettings` fills gaps), or null. */
export async function findPlatformSettingsValue(trx: Tx): Promise<unknown | null> {
  const row = await trx.selectFrom("systemSettings").select("value").where("key", "=", KEY)
    .executeTakeFirst();
  return row?.value ?? null;
}

export async function savePlatformSettingsValue(trx: Tx, value: unknown): Promise<void> {
  const json = sql`${JSON.stringify(value)}::text::jsonb`;
  await trx.insertInto("systemSettings").values({ key: KEY, value: json })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: json, updatedAt: sql`now()` }))
    .execute();
}
