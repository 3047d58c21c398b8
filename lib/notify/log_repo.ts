import { sql } from "kysely";
import type { NotificationStatus } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";
import type { ChannelName } from "./channel.ts";

type LogChannel = "WEBCHAT" | "WHATSAPP" | "EMAIL" | "SMS" | "PUSH";

export function logChannel(channel: ChannelName): LogChannel {
  return channel.toUpperCase() as LogChannel;
}

export interface SendClaim {
  id: string;
  attempt: number;
}

/**
 * Claims the next attempt of one event on one channel, or null when it must not be sent:
 *
 * - a SENT, DELIVERED or BOUNCED attempt exists (it went already);
 * - an attempt is SENDING: its process died before the provider answered, so nobody knows
 *   whether it went. It is marked FAILED "interrupted" (visible to staff, who may resend) and
 *   not sent again;
 * - the last attempt FAILED for good (`retry` false).
 *
 * Otherwise (no attempt yet, or the last failed in a way worth retrying) a SENDING row for the
 * next attempt is inserted; the unique (event, channel, attempt) lets one of two racing
 * dispatchers win. The caller commits this before calling the provider.
 */
export async function claimSend(
  trx: Tx,
  claim: {
    tenantId: string;
    entryId: string;
    eventId: string;
    channel: ChannelName;
    topic: string;
    message: string;
  },
): Promise<SendClaim | null> {
  const channel = logChannel(claim.channel);
  const rows = await trx.selectFrom("notificationLogs")
    .select(["id", "status", "attempt", "retry"])
    .where("eventId", "=", claim.eventId).where("channel", "=", channel)
    .orderBy("attempt").forUpdate().execute();
  const sending = rows.filter((r) => r.status === "SENDING");
  if (sending.length > 0) {
    await trx.updateTable("notificationLogs").set({
      status: "FAILED",
      retry: false,
      errorMessage: "interrupted: the app stopped before the provider answered; not sent again " +
        "(it may or may not have arrived)",
    }).where("id", "in", sending.map((r) => r.id)).execute();
    return null;
  }
  const last = rows.at(-1);
  if (last && !(last.status === "FAILED" && last.retry)) return null;
  const attempt = (last?.attempt ?? 0) + 1;
  const row = await trx.insertInto("notificationLogs").values({
    tenantId: claim.tenantId,
    queueEntryId: claim.entryId,
    eventId: claim.eventId,
    channel,
    topic: claim.topic,
    attempt,
    status: "SENDING",
    message: claim.message,
  }).onConflict((oc) => oc.columns(["eventId", "channel", "attempt"]).doNothing())
    .returning("id").executeTakeFirst();
  return row ? { id: row.id, attempt } : null;
}

/** How the claimed attempt ended. */
export async function settleSend(
  trx: Tx,
  id: string,
  outcome:
    | { status: "SENT" | "DELIVERED"; providerMessageId?: string }
    | { status: "FAILED"; error: string; retry: boolean },
): Promise<void> {
  if (outcome.status === "FAILED") {
    // Only an attempt still SENDING: one already marked "interrupted" (another dispatcher took
    // over while this one hung) stays final, so it is never retried.
    await trx.updateTable("notificationLogs").set({
      status: "FAILED",
      errorMessage: outcome.error.slice(0, 1000),
      retry: outcome.retry,
    }).where("id", "=", id).where("status", "=", "SENDING").execute();
    return;
  }
  // What the provider said wins, even over "interrupted": it did go.
  await trx.updateTable("notificationLogs").set({
    status: outcome.status,
    errorMessage: null,
    retry: false,
    providerMessageId: outcome.providerMessageId ?? null,
    sentAt: sql<Date>`now()`,
  }).where("id", "=", id).execute();
}

/** Nothing went (the channel found no way to reach the party after all): forget the claim. */
export async function dropSend(trx: Tx, id: string): Promise<void> {
  await trx.deleteFrom("notificationLogs").where("id", "=", id).where("status", "=", "SENDING")
    .execute();
}

export interface EntryNotification {
  id: string;
  eventId: string | null;
  channel: LogChannel;
  topic: string | null;
  attempt: number;
  status: NotificationStatus;
  message: string;
  errorMessage: string | null;
  sentAt: Date;
  /** The outbox event's state: "dead" once its tries ran out. */
  delivery: "pending" | "done" | "dead" | null;
}

/** An entry's notification attempts, newest first, with whether each event's delivery died. */
export async function listEntryNotifications(
  trx: Tx,
  entryId: string,
): Promise<EntryNotification[]> {
  return await trx.selectFrom("notificationLogs as n")
    .leftJoin("outbox as o", "o.id", "n.eventId")
    .select([
      "n.id",
      "n.eventId",
      "n.channel",
      "n.topic",
      "n.attempt",
      "n.status",
      "n.message",
      "n.errorMessage",
      "n.sentAt",
      sql<"pending" | "done" | "dead" | null>`o.status`.as("delivery"),
    ])
    .where("n.queueEntryId", "=", entryId)
    .orderBy("n.sentAt", "desc").orderBy("n.attempt", "desc").execute();
}

/** Updates an attempt by its provider message id (a status callback); whether one matched. */
export async function updateByProviderId(
  trx: Tx,
  providerMessageId: string,
  update: { status: "DELIVERED" | "FAILED" | "BOUNCED"; error?: string },
): Promise<boolean> {
  const result = await trx.updateTable("notificationLogs").set({
    status: update.status,
    errorMessage: update.error ?? null,
  }).where("providerMessageId", "=", providerMessageId)
    .where("status", "in", ["SENT", "DELIVERED"]).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
