import type { Kysely } from "kysely";
import { announceChatChange } from "../chat/chat_channel.ts";
import {
  deliverSystemChatMessagesAs,
  insertSystemChatMessages,
} from "../chat/system_message_repo.ts";
import type { Database } from "../db/schema.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import type { LocalFirst, NotifyChannel, OutgoingNotification } from "./channel.ts";
import { logChannel } from "./log_repo.ts";

/** A SYSTEM message in the customer's web chat: always reachable, nothing leaves the app. */
export function createWebChatChannel(db: Kysely<Database>, kv: Deno.Kv): NotifyChannel {
  async function write(
    trx: Tx,
    messages: readonly { message: OutgoingNotification; id: string }[],
  ) {
    await insertSystemChatMessages(
      trx,
      messages.map(({ message, id }) => ({
        id,
        tenantId: message.tenantId,
        entryId: message.entryId,
        content: message.text,
      })),
    );
  }
  function deliverFirsts(tenantId: string, firsts: readonly LocalFirst[]) {
    return deliverSystemChatMessagesAs(
      db,
      tenantId,
      firsts.map(({ message, id, attempt }) => ({
        id,
        entryId: attempt.entryId,
        eventId: attempt.eventId,
        channel: logChannel(attempt.channel),
        topic: attempt.topic,
        message: attempt.message,
        content: message.text,
      })),
    );
  }
  // The chat open on the customer's phone and the staff board show it at once.
  function afterCommit(message: OutgoingNotification) {
    return announceChatChange(kv, message.tenantId, message.entryId);
  }
  return {
    name: "webchat",
    async send(message) {
      const id = crypto.randomUUID();
      await withTenant(db, message.tenantId, (trx) => write(trx, [{ message, id }]));
      await afterCommit(message);
      return { status: "DELIVERED", providerMessageId: id };
    },
    local: { deliverFirsts, write, afterCommit },
  };
}
