import { type Kysely, sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { Database } from "../db/schema.ts";
import { aloneRetryingStale } from "../db/prepared_statements.ts";

/**
 * SYSTEM lines in customers' web chats (notifications the customers read in the chat), all in
 * one statement. The web chat itself (customer and staff messages, read receipts) lives beside
 * this file; this function is what the notification service writes through.
 */
export async function insertSystemChatMessages(
  trx: Tx,
  messages: readonly { id: string; tenantId: string; entryId: string; content: string }[],
): Promise<void> {
  if (messages.length === 0) return;
  await trx.insertInto("webChatMessages").values(messages.map((m) => ({
    id: m.id,
    tenantId: m.tenantId,
    queueEntryId: m.entryId,
    sender: "SYSTEM" as const,
    content: m.content.slice(0, 2000),
  }))).execute();
}

/** A first notification attempt on the web chat, and the SYSTEM line it writes. */
export interface SystemChatDelivery {
  /** The line's id, recorded as the attempt's provider message id. */
  id: string;
  entryId: string;
  eventId: string;
  /** The delivery record's channel (`WEBCHAT`). */
  channel: string;
  topic: string;
  /** What the delivery record says was sent. */
  message: string;
  content: string;
}

/** What became of a first delivery (`deliverSystemChatMessagesAs`). */
export type SystemChatOutcome =
  /** Recorded as delivered, and its line written. */
  | "written"
  /** The event has an attempt on the channel already: neither recorded nor written. */
  | "attempted"
  /** No such entry of the tenant (gone, or another tenant's): neither recorded nor written. */
  | "not_found";

/**
 * Records each delivery as the first attempt of its event on its channel, DELIVERED, and writes
 * its line, in one statement that is its own transaction under the tenant's row-level security
 * (`deliver_system_chat_as`). An event and channel that has an attempt already (recorded before,
 * or earlier in `deliveries`), or an entry the tenant does not have, is neither recorded nor
 * written. Returns each delivery's outcome by its id. Call it on the database, not inside a
 * transaction.
 */
export async function deliverSystemChatMessagesAs(
  db: Kysely<Database>,
  tenantId: string,
  deliveries: readonly SystemChatDelivery[],
): Promise<Map<string, SystemChatOutcome>> {
  if (deliveries.length === 0) return new Map();
  const rows = deliveries.map((d) => ({
    id: d.id,
    entry_id: d.entryId,
    event_id: d.eventId,
    channel: d.channel,
    topic: d.topic,
    message: d.message,
    content: d.content.slice(0, 2000),
  }));
  const { rows: outcomes } = await aloneRetryingStale(() =>
    sql<{ id: string; outcome: SystemChatOutcome }>`
      select id, outcome from deliver_system_chat_as(${tenantId}::uuid,
        ${JSON.stringify(rows)}::text::jsonb)
    `.execute(db)
  );
  return new Map(outcomes.map((r) => [r.id, r.outcome]));
}
