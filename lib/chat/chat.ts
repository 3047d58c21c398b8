import { runCommand } from "../events/command.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { chatRateBucket } from "../kv/keys.ts";
import { hitRateLimit } from "../kv/rate_limit.ts";
import type { TenantScope } from "../scope.ts";
import {
  type ChatEntry,
  type ChatMessage,
  findChatEntryById,
  findChatEntryBySessionId,
  insertChatMessage,
  listChatMessages,
  markMessagesRead,
} from "./chat_repo.ts";

/**
 * Whose chat: the customer names it by their ticket's session id (the unguessable link is
 * their credential), staff by the entry id (their session is checked by the route's guard).
 */
export type ChatTicket = { sessionId: string } | { entryId: string };

/** Who writes or reads: the customer of the ticket, or the tenant's staff. */
export type ChatSide = "CUSTOMER" | "STAFF";

/** A chat as either side reads it (never the session id: that is the customer's credential). */
export interface ChatHistory {
  entryId: string;
  queueId: string;
  ticketNumber: string;
  status: ChatEntry["status"];
  messages: ChatMessage[];
}

const ENDED = new Set(["completed", "cancelled", "no_show"]);
const MINUTE_MS = 60_000;

async function findEntry(trx: Tx, ticket: ChatTicket): Promise<ChatEntry> {
  const entry = "sessionId" in ticket
    ? await findChatEntryBySessionId(trx, ticket.sessionId)
    : await findChatEntryById(trx, ticket.entryId);
  if (!entry) throw notFoundError("sessionId" in ticket ? "entry_link" : "entry");
  return entry;
}

/** An entry's chat, oldest message first; another tenant's ticket is not found. */
export function getChatHistory(scope: TenantScope, ticket: ChatTicket): Promise<ChatHistory> {
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    const entry = await findEntry(trx, ticket);
    return {
      entryId: entry.id,
      queueId: entry.queueId,
      ticketNumber: entry.ticketNumber,
      status: entry.status,
      messages: await listChatMessages(trx, entry.id),
    };
  });
}

/** The entry of a ticket, for routes that authorise a stream by it. */
export function findChatEntry(scope: TenantScope, ticket: ChatTicket): Promise<ChatEntry> {
  return withTenant(scope.db, scope.tenantId, (trx) => findEntry(trx, ticket));
}

export interface SendOptions {
  /** Messages per ticket per minute for this side (RATE_LIMIT_CHAT_PER_MINUTE). */
  limitPerMinute: number;
}

/**
 * Writes one chat message and records `chat.message_sent` with it: the open chats and the board
 * re-read after the commit, and a STAFF message also reaches the customer's other channels
 * through the notification handlers of that event. Each side of a ticket may send
 * `limitPerMinute` messages a minute; an ended visit's chat takes none.
 */
export async function sendChatMessage(
  scope: TenantScope,
  input: { ticket: ChatTicket; sender: ChatSide; content: string },
  options: SendOptions,
): Promise<ChatMessage & { entryId: string }> {
  // The rate limit is counted in KV before the transaction: no KV round trip holds a row lock.
  const entry = await findChatEntry(scope, input.ticket);
  const hit = await hitRateLimit(scope.kv, chatRateBucket(entry.id, input.sender), {
    limit: options.limitPerMinute,
    windowMs: MINUTE_MS,
  });
  if (!hit.allowed) throw new DomainError("chat_rate_limited", { retryAfter: hit.retryAfter });
  return await runCommand(scope, async ({ trx, record }) => {
    const current = await findEntry(trx, { entryId: entry.id });
    if (ENDED.has(current.status)) throw new DomainError("chat_closed");
    const message = await insertChatMessage(trx, {
      tenantId: scope.tenantId,
      entryId: current.id,
      sender: input.sender,
      content: input.content,
    });
    record("chat.message_sent", {
      queueId: current.queueId,
      entryId: current.id,
      messageId: message.id,
      sender: input.sender,
    });
    return { ...message, entryId: current.id };
  });
}

/** The messages each side reads from the other: staff read the customer's, and vice versa. */
const READS: Record<ChatSide, ReadonlyArray<"CUSTOMER" | "STAFF" | "SYSTEM">> = {
  STAFF: ["CUSTOMER"],
  CUSTOMER: ["STAFF", "SYSTEM"],
};

/**
 * Marks the other side's messages as seen (their "Seen" receipts, the board's unread count).
 * Nothing is recorded when there was nothing unread, so an open chat does not echo itself.
 */
export function markChatRead(
  scope: TenantScope,
  ticket: ChatTicket,
  reader: ChatSide,
): Promise<{ entryId: string; marked: number }> {
  return runCommand(scope, async ({ trx, record }) => {
    const entry = await findEntry(trx, ticket);
    const marked = await markMessagesRead(trx, entry.id, READS[reader]);
    if (marked > 0) record("chat.read", { queueId: entry.queueId, entryId: entry.id, reader });
    return { entryId: entry.id, marked };
  });
}
