import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { deleteDeliveredBefore } from "./outbox_repo.ts";

/** Delivered events are kept this long (to look into what happened), then dropped. */
export const DELIVERED_KEEP_DAYS = 7;

/** The nightly job: drops delivered events past their keep; dead ones stay for an operator. */
export function pruneDeliveredEvents(db: Kysely<Database>): Promise<number> {
  return withPlatform(db, (trx) => deleteDeliveredBefore(trx, DELIVERED_KEEP_DAYS));
}
