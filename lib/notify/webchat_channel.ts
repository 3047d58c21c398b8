import type { Kysely } from "kysely";
import { announceChatChange } from "../chat/chat_channel.ts";
import { insertSystemChatMessage } from "../chat/system_message_repo.ts";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { NotifyChannel } from "./channel.ts";

/** A SYSTEM message in the customer's web chat: always reachable, nothing leaves the app. */
export function createWebChatChannel(db: Kysely<Database>, kv: Deno.Kv): NotifyChannel {
  return {
    name: "webchat",
    async send(message) {
      const row = await withTenant(db, message.tenantId, (trx) =>
        insertSystemChatMessage(trx, {
          tenantId: message.tenantId,
          entryId: message.entryId,
          content: message.text,
        }));
      // The chat open on the customer's phone and the staff board show it at once.
      await announceChatChange(kv, message.tenantId, message.entryId);
      return { status: "DELIVERED", providerMessageId: row.id };
    },
  };
}
