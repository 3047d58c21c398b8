import { type Kysely, sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type {
  ConversationChannel,
  ConversationMessageStatus,
  Database,
  EntryStatus,
  Platform,
} from "../db/schema.ts";
import type { Locale } from "../i18n/locales.ts";

/** What a conversation with one phone remembers between messages. */
export interface ConversationRow {
  phone: string;
  channel: ConversationChannel;
  locale: Locale;
  customerName: string | null;
  awaiting: "name" | "queue" | null;
  pending: unknown;
  lastInboundAt: Date | null;
  optedOutAt: Date | null;
}

export interface ConversationMessageRow {
  id: string;
  tenantId: string;
  phone: string;
  channel: ConversationChannel;
  direction: "in" | "out";
  providerMessageId: string | null;
  body: string;
  profileName: string | null;
  optOutType: "STOP" | "START" | "HELP" | null;
  confirmsStop: boolean;
  status: ConversationMessageStatus;
}

const MESSAGE_COLUMNS = [
  "id",
  "tenantId",
  "phone",
  "channel",
  "direction",
  "providerMessageId",
  "body",
  "profileName",
  "optOutType",
  "confirmsStop",
  "status",
] as const;

// ---- the platform path: which tenant a provider number belongs to --------------------------

/** The active tenant whose WhatsApp phone number id this is (platform role). */
export async function findTenantByWhatsAppNumber(trx: Tx, numberId: string) {
  const row = await trx.selectFrom("notificationSettings")
    .innerJoin("tenants", "tenants.id", "notificationSettings.tenantId")
    .select(["tenants.id", "tenants.slug", "tenants.name"])
    .where("notificationSettings.whatsappPhoneNumberId", "=", numberId)
    .where("tenants.isActive", "=", true).executeTakeFirst();
  return row ?? null;
}

/** The active tenant whose SMS number this is (platform role). */
export async function findTenantBySmsNumber(trx: Tx, number: string) {
  const row = await trx.selectFrom("notificationSettings")
    .innerJoin("tenants", "tenants.id", "notificationSettings.tenantId")
    .select(["tenants.id", "tenants.slug", "tenants.name"])
    .where("notificationSettings.smsFrom", "=", number)
    .where("tenants.isActive", "=", true).executeTakeFirst();
  return row ?? null;
}

/** Another tenant already using this WhatsApp number id or SMS number (platform role). */
export async function findOtherTenantUsingNumbers(
  trx: Tx,
  tenantId: string,
  numbers: { whatsappPhoneNumberId?: string | null; smsFrom?: string | null },
): Promise<{ whatsapp: boolean; sms: boolean }> {
  const rows = await trx.selectFrom("notificationSettings")
    .select(["whatsappPhoneNumberId", "smsFrom"])
    .where("tenantId", "!=", tenantId)
    .where((eb) =>
      eb.or([
        ...(numbers.whatsappPhoneNumberId
          ? [eb("whatsappPhoneNumberId", "=", numbers.whatsappPhoneNumberId)]
          : []),
        ...(numbers.smsFrom ? [eb("smsFrom", "=", numbers.smsFrom)] : []),
      ])
    ).execute();
  return {
    whatsapp: rows.some((r) =>
      numbers.whatsappPhoneNumberId && r.whatsappPhoneNumberId === numbers.whatsappPhoneNumberId
    ),
    sms: rows.some((r) => numbers.smsFrom && r.smsFrom === numbers.smsFrom),
  };
}

// ---- messages ------------------------------------------------------------------------------

/** Stores an inbound message once per provider message id; null when it was seen before. */
export async function insertInboundMessage(
  trx: Tx,
  message: {
    tenantId: string;
    phone: string;
    channel: ConversationChannel;
    providerMessageId: string;
    body: string;
    profileName: string | null;
    optOutType: "STOP" | "START" | "HELP" | null;
  },
): Promise<string | null> {
  const row = await trx.insertInto("conversationMessages")
    .values({ ...message, direction: "in", status: "RECEIVED" })
    // The partial index's predicate written out, not sent as a value: a prepared statement
    // (prepared_statements.ts) infers its conflict index before any value is known.
    .onConflict((oc) =>
      oc.columns(["tenantId", "channel", "providerMessageId"])
        .where("direction", "=", sql.lit("in")).doNothing()
    )
    .returning("id").executeTakeFirst();
  return row?.id ?? null;
}

export async function insertOutboundMessage(
  trx: Tx,
  message: {
    tenantId: string;
    phone: string;
    channel: ConversationChannel;
    body: string;
    confirmsStop: boolean;
  },
): Promise<string> {
  const row = await trx.insertInto("conversationMessages")
    .values({ ...message, direction: "out", status: "PENDING" })
    .returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function findConversationMessage(
  trx: Tx,
  id: string,
): Promise<ConversationMessageRow | null> {
  const row = await trx.selectFrom("conversationMessages").select(MESSAGE_COLUMNS)
    .where("id", "=", id).executeTakeFirst();
  return row ?? null;
}

/** Locks a message row (a handler works on it alone). */
export async function lockConversationMessage(
  trx: Tx,
  id: string,
): Promise<ConversationMessageRow | null> {
  const row = await trx.selectFrom("conversationMessages").select(MESSAGE_COLUMNS)
    .where("id", "=", id).forUpdate().executeTakeFirst();
  return row ?? null;
}

export async function setConversationMessageStatus(
  trx: Tx,
  id: string,
  status: ConversationMessageStatus,
  extra: { error?: string | null; providerMessageId?: string | null } = {},
): Promise<void> {
  await trx.updateTable("conversationMessages").set({
    status,
    ...(extra.error !== undefined ? { error: extra.error } : {}),
    ...(extra.providerMessageId !== undefined
      ? { providerMessageId: extra.providerMessageId }
      : {}),
    ...(status === "HANDLED" ? { handledAt: sql<Date>`now()` } : {}),
  }).where("id", "=", id).execute();
}

/** A phone's messages with the tenant, oldest first (tests and support). */
export async function listConversationMessages(trx: Tx, phone: string) {
  return await trx.selectFrom("conversationMessages")
    .select([...MESSAGE_COLUMNS, "createdAt", "error"])
    .where("phone", "=", phone).orderBy("createdAt").orderBy("id").execute();
}

// ---- conversation state ----------------------------------------------------------------------

export async function findConversation(trx: Tx, phone: string): Promise<ConversationRow | null> {
  const row = await trx.selectFrom("conversations").select([
    "phone",
    "channel",
    "locale",
    "customerName",
    "awaiting",
    "pending",
    "lastInboundAt",
    "optedOutAt",
  ]).where("phone", "=", phone).forUpdate().executeTakeFirst();
  return row ?? null;
}

export async function saveConversation(
  trx: Tx,
  tenantId: string,
  row: ConversationRow,
): Promise<void> {
  const values = {
    channel: row.channel,
    locale: row.locale,
    customerName: row.customerName,
    awaiting: row.awaiting,
    pending: row.pending === null || row.pending === undefined
      ? null
      : sql`${JSON.stringify(row.pending)}::text::jsonb`,
    lastInboundAt: row.lastInboundAt,
    optedOutAt: row.optedOutAt,
    updatedAt: new Date(),
  };
  await trx.insertInto("conversations").values({ tenantId, phone: row.phone, ...values })
    .onConflict((oc) => oc.columns(["tenantId", "phone"]).doUpdateSet(values)).execute();
}

/** The conversation facts the notification service needs about one phone (no lock). */
export async function findPhoneReach(
  trx: Tx,
  phone: string,
): Promise<{ optedOutAt: Date | null; lastInboundAt: Date | null } | null> {
  return (await findPhoneReaches(trx, [phone])).get(phone) ?? null;
}

/** `findPhoneReach` for several phones at once, by phone (a phone with no conversation is absent). */
export async function findPhoneReaches(
  trx: Tx,
  phones: readonly string[],
): Promise<Map<string, { optedOutAt: Date | null; lastInboundAt: Date | null }>> {
  if (phones.length === 0) return new Map();
  const rows = await trx.selectFrom("conversations")
    .select(["phone", "optedOutAt", "lastInboundAt"])
    .where("phone", "=", sql<string>`any(${[...new Set(phones)]}::text[])`).execute();
  return new Map(rows.map(({ phone, ...reach }) => [phone, reach]));
}

/**
 * `findPhoneReaches` as one statement that is its own transaction under the tenant's row-level
 * security (`phone_reaches_as`). Call it on the database, not inside a transaction.
 */
export async function findPhoneReachesAs(
  db: Kysely<Database>,
  tenantId: string,
  phones: readonly string[],
): Promise<Map<string, { optedOutAt: Date | null; lastInboundAt: Date | null }>> {
  if (phones.length === 0) return new Map();
  const { rows } = await aloneRetryingStale(() =>
    sql<{ phone: string; optedOutAt: Date | null; lastInboundAt: Date | null }>`
      select * from phone_reaches_as(${tenantId}::uuid, ${[...new Set(phones)]}::text[])
    `.execute(db)
  );
  return new Map(rows.map(({ phone, ...reach }) => [phone, reach]));
}

// ---- entries of a phone ------------------------------------------------------------------------

export interface PhoneEntry {
  id: string;
  queueId: string;
  sessionId: string;
  ticketNumber: string;
  status: EntryStatus;
  platform: Platform;
}

/** The phone's newest live (waiting or called) entry in a queue that still exists. */
/** The phone's live entry, newest first; `phones` are the forms it may be stored in. */
export async function findLiveEntryOfPhone(
  trx: Tx,
  phones: readonly string[],
): Promise<PhoneEntry | null> {
  const row = await trx.selectFrom("queueEntries")
    .innerJoin("queues", "queues.id", "queueEntries.queueId")
    .select([
      "queueEntries.id",
      "queueEntries.queueId",
      "queueEntries.sessionId",
      "queueEntries.ticketNumber",
      "queueEntries.status",
      "queueEntries.platform",
    ])
    .where("queueEntries.customerPhone", "in", phones)
    .where("queueEntries.status", "in", ["waiting", "called"])
    .where("queues.deletedAt", "is", null)
    .orderBy("queueEntries.joinedAt", "desc").executeTakeFirst();
  return row ?? null;
}

/**
 * The phone's inbound messages not handled yet, up to and including `messageId`, oldest first:
 * a customer's messages are read in the order they arrived, whatever order the outbox runs in.
 */
export async function listUnhandledUpTo(trx: Tx, messageId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select m.id from conversation_messages m
    join conversation_messages target on target.id = ${messageId}
    where m.phone = target.phone and m.direction = 'in' and m.status = 'RECEIVED'
      and m.created_at <= target.created_at
    order by m.created_at, m.id
  `.execute(trx);
  return rows.rows.map((r) => r.id);
}
