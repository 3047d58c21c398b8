import { type Kysely, sql } from "kysely";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type { Database, EntryStatus } from "../db/schema.ts";
import type { AuditRecord } from "../audit/audit_repo.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { EntryRow } from "./entry_repo.ts";
import { type CalledQueue, entryAndQueue } from "./call_next_repo.ts";

export type CustomerAction = "cancel" | "confirm";

export type CustomerActionAttempt =
  | { outcome: "missing" }
  | { outcome: "not_allowed" }
  | { outcome: "refused"; from: EntryStatus; ticketNumber: string }
  | { outcome: "unchanged" | "done"; entry: EntryRow; queue: CalledQueue };

type CustomerActionRow = EntryRow & CalledQueue & {
  outcome: CustomerActionAttempt["outcome"];
  fromStatus: EntryStatus | null;
  queueName: string;
};

/**
 * A customer's own action on the entry their session id names, in one statement that is its
 * own transaction (migration `20261213000000_customer_action_function.ts`): under the entry's
 * lock and the tenant's row-level security, with the audit row and the event (their entry filled
 * in) written with the change. Call it on the database, never inside a transaction.
 */
export async function customerActionAlone(
  db: Kysely<Database>,
  tenantId: string,
  sessionId: string,
  action: CustomerAction,
  event: { event: DomainEvent; pending: string[] },
  audit: AuditRecord,
): Promise<CustomerActionAttempt> {
  const { rows } = await aloneRetryingStale(() =>
    sql<CustomerActionRow>`
      select * from customer_action_as(${tenantId}::uuid, ${sessionId}::text, ${action}::text,
        ${JSON.stringify({ ...event.event, pending: event.pending })}::text::jsonb,
        ${JSON.stringify(audit)}::text::jsonb)
    `.execute(db)
  );
  const row = rows[0];
  if (!row) throw new Error("customer_action_as returned no row");
  if (row.outcome === "missing" || row.outcome === "not_allowed") return { outcome: row.outcome };
  if (row.outcome === "refused") {
    return { outcome: "refused", from: row.fromStatus!, ticketNumber: row.ticketNumber };
  }
  return { outcome: row.outcome, ...entryAndQueue(row) };
}
