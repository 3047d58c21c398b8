import { type Kysely, sql } from "kysely";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type { Database } from "../db/schema.ts";
import type { AuditRecord } from "../audit/audit_repo.ts";
import type { DomainEvent } from "../events/event_types.ts";
import { ENTRY_COLUMNS, type EntryRow } from "./entry_repo.ts";

/** The queue as an entry's view shows it. */
export interface CalledQueue {
  name: string;
  averageServiceTime: number;
  allowCancellation: boolean;
  requireConfirmation: boolean;
}

export type CallNextAttempt =
  | { outcome: "missing" }
  | { outcome: "nobody_waiting" }
  | { outcome: "called"; entry: EntryRow; queue: CalledQueue };

type CallNextRow = EntryRow & CalledQueue & {
  outcome: CallNextAttempt["outcome"];
  queueName: string;
};

/**
 * Calls the head of a queue's line in one statement that is its own transaction (migration
 * `20261210000000_call_next_function.ts`): under the queue's lock, with the tenant's row-level
 * security, and with the audit row and the event (their entry filled in) written with the call.
 * Call it on the database, never inside a transaction.
 */
export async function callNextAlone(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  event: { event: DomainEvent; pending: string[] },
  audit: AuditRecord,
): Promise<CallNextAttempt> {
  const { rows } = await aloneRetryingStale(() =>
    sql<CallNextRow>`
      select * from call_next_as(${tenantId}::uuid, ${queueId}::uuid,
        ${JSON.stringify({ ...event.event, pending: event.pending })}::text::jsonb,
        ${JSON.stringify(audit)}::text::jsonb)
    `.execute(db)
  );
  const row = rows[0];
  if (!row) throw new Error("call_next_as returned no row");
  if (row.outcome !== "called") return { outcome: row.outcome };
  return { outcome: "called", ...entryAndQueue(row) };
}

/** A staff function's row (the entry's columns and the queue's) as the entry and its queue. */
export function entryAndQueue(
  row: EntryRow & CalledQueue & { queueName: string },
): { entry: EntryRow; queue: CalledQueue } {
  const { queueName, averageServiceTime, allowCancellation, requireConfirmation } = row;
  // Only the entry's columns: the row also holds the queue's and the outcome.
  const entry = Object.fromEntries(ENTRY_COLUMNS.map((c) => [c, row[c]])) as unknown as EntryRow;
  return {
    entry: { ...entry, sortRank: Number(row.sortRank) },
    queue: { name: queueName, averageServiceTime, allowCancellation, requireConfirmation },
  };
}
