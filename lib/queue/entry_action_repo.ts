import { type Kysely, sql } from "kysely";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type { Database, EntryStatus } from "../db/schema.ts";
import type { AuditRecord } from "../audit/audit_repo.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { EntryRow } from "./entry_repo.ts";
import { type CalledQueue, entryAndQueue } from "./call_next_repo.ts";

export type EntryActionAttempt =
  | { outcome: "missing" }
  | { outcome: "refused"; from: EntryStatus; ticketNumber: string }
  | { outcome: "done"; from: EntryStatus; entry: EntryRow; queue: CalledQueue };

type EntryActionRow = EntryRow & CalledQueue & {
  outcome: EntryActionAttempt["outcome"];
  fromStatus: EntryStatus | null;
  queueName: string;
};

/**
 * Moves one entry of a queue from one of `from` to `to` in one statement that is its own
 * transaction (migration `20261211000000_entry_action_function.ts`): under the entry's lock and
 * the tenant's row-level security, with the audit row and the event written with the move.
 * Call it on the database, never inside a transaction.
 */
export async function entryActionAlone(
  db: Kysely<Database>,
  tenantId: string,
  target: { queueId: string; entryId: string; from: EntryStatus[]; to: EntryStatus },
  event: { event: DomainEvent; pending: string[] },
  audit: AuditRecord,
): Promise<EntryActionAttempt> {
  const { rows } = await aloneRetryingStale(() =>
    sql<EntryActionRow>`
      select * from entry_action_as(${tenantId}::uuid, ${target.queueId}::uuid,
        ${target.entryId}::uuid, string_to_array(${
      target.from.join(",")
    }::text, ','), ${target.to}::text,
        ${JSON.stringify({ ...event.event, pending: event.pending })}::text::jsonb,
        ${JSON.stringify(audit)}::text::jsonb)
    `.execute(db)
  );
  const row = rows[0];
  if (!row) throw new Error("entry_action_as returned no row");
  if (row.outcome === "missing") return { outcome: "missing" };
  if (row.outcome === "refused") {
    return { outcome: "refused", from: row.fromStatus!, ticketNumber: row.ticketNumber };
  }
  return { outcome: "done", from: row.fromStatus!, ...entryAndQueue(row) };
}
