import { type Kysely, sql } from "kysely";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type { Database } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { QueueRow } from "./queue_repo.ts";
import type { NewEntry } from "./entry_repo.ts";

/** A queue as a join judges it, read without its lock, with its location's time zone. */
export interface JoinTerms {
  queue: QueueRow;
  timeZone: string;
  /** The queue's join terms as `join_queue_entry` compares them under the lock. */
  terms: string;
}

/** Reads the queue a party is joining (no lock: the terms are checked again under it). */
export async function readQueueForJoin(trx: Tx, queueId: string): Promise<JoinTerms | null> {
  const { rows } = await sql<QueueRow & { timeZone: string | null; terms: string }>`
    select q.id, q.merchant_id as "merchantId", q.name, q.description,
      q.is_active as "isActive", q.accepting_customers as "acceptingCustomers",
      q.max_capacity as "maxCapacity", q.average_service_time as "averageServiceTime",
      q.allow_cancellation as "allowCancellation", q.require_confirmation as "requireConfirmation",
      q.ticket_prefix as "ticketPrefix", q.business_hours_start as "businessHoursStart",
      q.business_hours_end as "businessHoursEnd", q.call_timeout_minutes as "callTimeoutMinutes",
      m.timezone as "timeZone", queue_join_terms(q) as terms
    from queues q left join merchants m on m.id = q.merchant_id
    where q.id = ${queueId}::uuid and q.deleted_at is null
  `.execute(trx);
  const row = rows[0];
  if (!row) return null;
  const { timeZone, terms, ...queue } = row;
  return { queue, timeZone: timeZone ?? "UTC", terms };
}

export type JoinAttempt =
  /** The queue is gone. */
  | { outcome: "missing" }
  /** Its terms changed since `readQueueForJoin`: read again (without the lock) and try again. */
  | { outcome: "changed" }
  /** Not inserted: `allowed` was false, the phone or key is taken, or the line is full. */
  | { outcome: "refused"; live: number; samePhone: string | null; replay: string | null }
  | {
    outcome: "joined";
    ticketNumber: string;
    joinedAt: Date;
    sortRank: number;
    /** Waiting and called entries before this one (counted under the lock). */
    live: number;
  };

/**
 * One statement under the queue's lock that is its own transaction (migrations
 * `20261203000000_join_function.ts`, `20261204000000_join_marks_almost.ts` and
 * `20261205000000_join_as_tenant.ts`): it sets the app role and the tenant for the row-level
 * security policies itself, as `withTenant` does; then, when the terms still hold, `allowed` is
 * true, the phone has no live place, the idempotency key is unused and the line is below
 * capacity, it numbers and inserts the party (after the last live one) and writes its event to
 * the outbox. The lock is released when the statement ends, inside the server. Call it on the
 * database, never inside a transaction (the tenant it sets would outlive the call).
 */
export async function joinQueueEntryAlone(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  terms: string,
  allowed: boolean,
  entry: JoinEntry,
  event: { event: DomainEvent; pending: string[] },
): Promise<JoinAttempt> {
  const { rows } = await aloneRetryingStale(() =>
    sql<AttemptRow>`
      select * from join_queue_entry_as(${tenantId}::uuid, ${queueId}::uuid, ${terms}::text,
        ${allowed}::boolean, ${JSON.stringify(entry)}::text::jsonb,
        ${JSON.stringify({ ...event.event, pending: event.pending })}::text::jsonb)
    `.execute(db)
  );
  return attemptOf(rows[0]);
}

type JoinEntry = NewEntry & { id: string; rankStep: number; phoneForms: string[] };

interface AttemptRow {
  outcome: JoinAttempt["outcome"];
  lineLive: number;
  phoneSession: string | null;
  replaySession: string | null;
  ticket: string | null;
  joined: Date | null;
  rank: number | null;
}

function attemptOf(row: AttemptRow | undefined): JoinAttempt {
  if (!row) throw new Error("join_queue_entry returned no row");
  switch (row.outcome) {
    case "joined":
      return {
        outcome: "joined",
        ticketNumber: row.ticket ?? "",
        joinedAt: row.joined as Date,
        sortRank: Number(row.rank),
        live: row.lineLive,
      };
    case "refused":
      return {
        outcome: "refused",
        live: row.lineLive,
        samePhone: row.phoneSession,
        replay: row.replaySession,
      };
    default:
      return { outcome: row.outcome };
  }
}
