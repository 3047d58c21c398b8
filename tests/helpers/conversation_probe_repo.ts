import type { Kysely } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import { withPlatform } from "../../lib/db/transaction_repo.ts";

/** Every stored WhatsApp/SMS message of every tenant (the platform path), oldest first. */
export function allConversationMessages(db: Kysely<Database>) {
  return withPlatform(db, (trx) =>
    trx.selectFrom("conversationMessages")
      .select(["tenantId", "phone", "channel", "direction", "providerMessageId", "body", "status"])
      .orderBy("createdAt").orderBy("id").execute());
}

/** The live and past entries of one phone, across tenants (the platform path). */
export function entriesOfPhone(db: Kysely<Database>, phone: string) {
  return withPlatform(db, (trx) =>
    trx.selectFrom("queueEntries")
      .select(["id", "tenantId", "queueId", "customerName", "partySize", "platform", "status"])
      .where("customerPhone", "=", phone).orderBy("joinedAt").execute());
}
