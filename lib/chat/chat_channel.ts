import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { realtimeTopicKey } from "../kv/keys.ts";
import type { ChannelSpec } from "../realtime/hub.ts";
import { publishTopic } from "../realtime/publish.ts";
import { type ChatMessage, listChatMessages } from "./chat_repo.ts";

/** The realtime topic kind of one entry's chat. */
export const CHAT_TOPIC = "chat";

/** What both sides of a chat see: its messages with their read receipts. */
export interface ChatSnapshot {
  entryId: string;
  messages: ChatMessage[];
}

/** Tells the open chat of this entry (customer and staff) that it changed. */
export function announceChatChange(kv: Deno.Kv, tenantId: string, entryId: string): Promise<void> {
  return publishTopic(kv, tenantId, CHAT_TOPIC, entryId);
}

export function loadChatSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  entryId: string,
): Promise<ChatSnapshot> {
  return withTenant(db, tenantId, async (trx) => ({
    entryId,
    messages: await listChatMessages(trx, entryId),
  }));
}

/**
 * One entry's chat as a stream channel. Customer and staff see the same thing (the messages
 * and who has seen them, no names or phones), so both share one channel and one load per change.
 * Authorising the subscriber (the ticket's session id, or a staff session) is the route's job.
 */
export function chatChannel(db: Kysely<Database>, tenantId: string, entryId: string): ChannelSpec {
  return {
    name: `chat:${entryId}`,
    topic: realtimeTopicKey(tenantId, CHAT_TOPIC, entryId),
    load: () => loadChatSnapshot(db, tenantId, entryId),
  };
}
