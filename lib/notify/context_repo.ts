import { type Kysely, sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { Database, EntryStatus, Platform } from "../db/schema.ts";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type { StoredNotificationSettings } from "./settings.ts";

export interface NotifyEntry {
  id: string;
  queueId: string;
  status: EntryStatus;
  ticketNumber: string;
  customerPhone: string;
  customerEmail: string | null;
  sessionId: string;
  /** How the party joined: WhatsApp and SMS parties hear back on their own channel. */
  platform: Platform;
  /** The language the customer joined in. */
  locale: string;
  /** Browsers that asked for this entry's push notifications. */
  pushSubscriptions: number;
}

/** The facts a message about one entry needs (under the tenant's row-level security). */
export async function findNotifyEntry(trx: Tx, entryId: string): Promise<NotifyEntry | null> {
  return (await findNotifyEntryWithSettings(trx, entryId))?.entry ?? null;
}

export interface NotifyEntryWithSettings {
  entry: NotifyEntry;
  settings: StoredNotificationSettings | null;
}

/**
 * The entry and the tenant's stored notification settings (null before their first save), in
 * one statement: a message is worded and routed by both.
 */
export async function findNotifyEntryWithSettings(
  trx: Tx,
  entryId: string,
): Promise<NotifyEntryWithSettings | null> {
  return (await findNotifyEntriesWithSettings(trx, [entryId])).get(entryId) ?? null;
}

/** `findNotifyEntryWithSettings` for several entries of the tenant at once, by entry id. */
export async function findNotifyEntriesWithSettings(
  trx: Tx,
  entryIds: readonly string[],
): Promise<Map<string, NotifyEntryWithSettings>> {
  const found = new Map<string, NotifyEntryWithSettings>();
  if (entryIds.length === 0) return found;
  const rows = await trx.selectFrom("queueEntries")
    .leftJoin(
      "notificationSettings",
      "notificationSettings.tenantId",
      "queueEntries.tenantId",
    )
    .select([
      "queueEntries.id",
      "queueEntries.queueId",
      "queueEntries.status",
      "queueEntries.ticketNumber",
      "queueEntries.customerPhone",
      "queueEntries.customerEmail",
      "queueEntries.sessionId",
      "queueEntries.platform",
      "queueEntries.locale",
      (eb) =>
        eb.selectFrom("pushSubscriptions").select((sub) => sub.fn.countAll<string>().as("n"))
          .whereRef("pushSubscriptions.queueEntryId", "=", "queueEntries.id")
          .as("pushSubscriptions"),
      "notificationSettings.tenantId as settingsTenantId",
      "notificationSettings.topics",
      "notificationSettings.phoneChannel",
      "notificationSettings.whatsappPhoneNumberId",
      "notificationSettings.whatsappTemplate",
      "notificationSettings.smsFrom",
    ])
    // One array parameter: the same statement however many entries (see prepared_statements.ts).
    .where("queueEntries.id", "=", sql<string>`any(${[...new Set(entryIds)]}::uuid[])`)
    .execute();
  for (const row of rows) found.set(row.id, entryWithSettingsOf(row));
  return found;
}

/**
 * `findNotifyEntriesWithSettings` as one statement that is its own transaction under the
 * tenant's row-level security (`notify_entries_as`): one round trip where a transaction takes
 * three. Call it on the database, not inside a transaction.
 */
export async function findNotifyEntriesAs(
  db: Kysely<Database>,
  tenantId: string,
  entryIds: readonly string[],
): Promise<Map<string, NotifyEntryWithSettings>> {
  const found = new Map<string, NotifyEntryWithSettings>();
  if (entryIds.length === 0) return found;
  const { rows } = await aloneRetryingStale(() =>
    sql<NotifyEntryRow>`select * from notify_entries_as(${tenantId}::uuid,
      ${[...new Set(entryIds)]}::uuid[])`.execute(db)
  );
  for (const row of rows) found.set(row.id, entryWithSettingsOf(row));
  return found;
}

/** A row of either read: the entry (its push subscriptions counted) and the stored settings. */
interface NotifyEntryRow extends Omit<NotifyEntry, "pushSubscriptions"> {
  pushSubscriptions: string | number | null;
  settingsTenantId: string | null;
  topics: unknown;
  phoneChannel: StoredNotificationSettings["phoneChannel"] | null;
  whatsappPhoneNumberId: string | null;
  whatsappTemplate: string | null;
  smsFrom: string | null;
}

function entryWithSettingsOf(row: NotifyEntryRow): NotifyEntryWithSettings {
  const {
    settingsTenantId,
    topics,
    phoneChannel,
    whatsappPhoneNumberId,
    whatsappTemplate,
    smsFrom,
  } = row;
  return {
    entry: {
      id: row.id,
      queueId: row.queueId,
      status: row.status,
      ticketNumber: row.ticketNumber,
      customerPhone: row.customerPhone,
      customerEmail: row.customerEmail,
      sessionId: row.sessionId,
      platform: row.platform,
      locale: row.locale,
      pushSubscriptions: Number(row.pushSubscriptions ?? 0),
    },
    settings: settingsTenantId && phoneChannel
      ? { topics, phoneChannel, whatsappPhoneNumberId, whatsappTemplate, smsFrom }
      : null,
  };
}

/** A tenant's name and slug (on the platform path: the tenants table is the platform's). */
export async function findTenantIdentity(
  trx: Tx,
  tenantId: string,
): Promise<{ name: string; slug: string; domain: string | null } | null> {
  const row = await trx.selectFrom("tenants").select(["name", "slug", "domain"])
    .where("id", "=", tenantId).executeTakeFirst();
  return row ?? null;
}
