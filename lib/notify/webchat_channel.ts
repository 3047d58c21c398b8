import type { Kysely } from "kysely";
import { insertSystemChatMessage } from "../chat/system_message_repo.ts";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { NotifyChannel } from "./channel.ts";

/** A SYSTEM message in the customer's web chat: always reachable, nothing leaves the app. */
export function createWebChatChannel(db: Kysely<Database>): NotifyChannel {
  return {
    name: "webchat",
    async send(message) {
      const row = await withTenant(db, message.tenantId, (trx) =>
        insertSystemChatMessage(trx, {
          tenantId: message.tenantId,
          entryId: message.entryId,
          content: message.text,
        }));
      return { status: "DELIVERED", providerMessageId: row.id };
    },
  };
}
