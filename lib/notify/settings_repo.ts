import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { StoredNotificationSettings } from "./settings.ts";

const COLUMNS = [
  "topics",
  "phoneChannel",
  "whatsappPhoneNumberId",
  "whatsappTemplate",
  "smsFrom",
] as const;

/** The tenant's notification settings as stored, or null before its first save. */
export async function findNotificationSettings(
  trx: Tx,
): Promise<StoredNotificationSettings | null> {
  const row = await trx.selectFrom("notificationSettings").select(COLUMNS).executeTakeFirst();
  return row ?? null;
}

export async function upsertNotificationSettings(
  trx: Tx,
  tenantId: string,
  settings: StoredNotificationSettings,
): Promise<void> {
  const values = {
    topics: sql`${JSON.stringify(settings.topics)}::text::jsonb`,
    phoneChannel: settings.phoneChannel,
    whatsappPhoneNumberId: settings.whatsappPhoneNumberId,
    whatsappTemplate: settings.whatsappTemplate,
    smsFrom: settings.smsFrom,
    updatedAt: sql<Date>`now()`,
  };
  await trx.insertInto("notificationSettings").values({ tenantId, ...values })
    .onConflict((oc) => oc.column("tenantId").doUpdateSet(values)).execute();
}
