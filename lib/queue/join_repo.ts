import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { QueueRow } from "./queue_repo.ts";
import { ENTRY_COLUMNS, type EntryRow, type NewEntry } from "./entry_repo.ts";

/** The queue a join locked, with its location's time zone. */
export interface JoinLock {
  queue: QueueRow;
  timeZone: string;
}

/**
 * Locks a queue for a join: concurrent joins to one queue take turns from here to the commit,
 * which is two round trips later (`insertEntryIfFree`, then the commit).
 */
export async function lockQueueForJoin(trx: Tx, queueId: string): Promise<JoinLock | null> {
  const { rows } = await sql<QueueRow & { timeZone: string | null }>`
    select q.id, q.merchant_id as "merchantId", q.name, q.description,
      q.is_active as "isActive", q.accepting_customers as "acceptingCustomers",
      q.max_capacity as "maxCapacity", q.average_service_time as "averageServiceTime",
      q.allow_cancellation as "allowCancellation", q.require_confirmation as "requireConfirmation",
      q.ticket_prefix as "ticketPrefix", q.business_hours_start as "businessHoursStart",
      q.business_hours_end as "businessHoursEnd", q.call_timeout_minutes as "callTimeoutMinutes",
      m.timezone as "timeZone"
    from queues q left join merchants m on m.id = q.merchant_id
    where q.id = ${queueId}::uuid and q.deleted_at is null
    for update of q
  `.execute(trx);
  const row = rows[0];
  if (!row) return null;
  const { timeZone, ...queue } = row;
  return { queue, timeZone: timeZone ?? "UTC" };
}

export interface JoinAttempt {
  /** The inserted entry; null when one of the reasons below kept it out. */
  entry: EntryRow | null;
  /** Parties waiting or called before this join. */
  live: number;
  /** The session id of a live entry of this queue with the same phone. */
  samePhone: string | null;
  /** The session id of the entry an earlier request with this idempotency key made. */
  replay: string | null;
}

type AttemptRow = EntryRow & {
  live: number;
  samePhone: string | null;
  replay: string | null;
  inserted: boolean;
};

/**
 * Under the queue's lock (a statement after it, so it sees every join committed before): reads
 * the line's count, a live entry with the same phone and an entry with the same idempotency
 * key, and when there is none of those, `allowed` holds and the line is below `capacity`,
 * numbers and inserts the party (the day's counter moves on; `ticketPrefix` + at least three
 * digits; ranked after the last live party) and writes its event to the outbox, all in one
 * statement (so `runCommand` does not write the event again).
 */
export async function insertEntryIfFree(
  trx: Tx,
  entry: NewEntry & { id: string; ticketPrefix: string; rankStep: number },
  rules: { allowed: boolean; capacity: number },
  event: { event: DomainEvent; pending: string[] },
): Promise<JoinAttempt> {
  const columns = sql.join(ENTRY_COLUMNS.map((c) => sql`e.${sql.ref(snake(c))}`));
  const { rows } = await sql<AttemptRow>`
    with state as (
      select
        (select count(*)::int from queue_entries l
          where l.queue_id = ${entry.queueId}::uuid and l.status in ('waiting', 'called')) as live,
        (select coalesce(max(l.sort_rank), 0)::float8 from queue_entries l
          where l.queue_id = ${entry.queueId}::uuid and l.status in ('waiting', 'called'))
          as max_rank,
        (select p.session_id from queue_entries p
          where p.queue_id = ${entry.queueId}::uuid and p.customer_phone = ${entry.customerPhone}::text
            and p.status in ('waiting', 'called') limit 1) as same_phone,
        (select r.session_id from queue_entries r
          where r.queue_id = ${entry.queueId}::uuid
            and r.idempotency_key = ${entry.idempotencyKey}::text) as replay
    ), free as (
      select max_rank from state
      where ${rules.allowed}::boolean and same_phone is null and replay is null
        and live < ${rules.capacity}::int
    ), counter as (
      insert into queue_ticket_counters (tenant_id, queue_id, service_date, last_number)
      select ${entry.tenantId}::uuid, ${entry.queueId}::uuid, ${entry.serviceDate}::date, 1 from free
      on conflict (queue_id, service_date)
        do update set last_number = queue_ticket_counters.last_number + 1
      returning last_number
    ), e as (
      insert into queue_entries (id, tenant_id, queue_id, customer_name, customer_phone,
        party_size, notes, customer_email, platform, sort_rank, session_id, ticket_number,
        verification_code, idempotency_key, service_type_id, service_date, locale)
      select ${entry.id}::uuid, ${entry.tenantId}::uuid, ${entry.queueId}::uuid,
        ${entry.customerName}::text, ${entry.customerPhone}::text, ${entry.partySize}::int,
        ${entry.notes}::text, ${entry.customerEmail ?? null}::text, ${entry.platform}::text,
        free.max_rank + ${entry.rankStep}::float8, ${entry.sessionId}::text,
        ${entry.ticketPrefix}::text || case when counter.last_number < 1000
          then lpad(counter.last_number::text, 3, '0') else counter.last_number::text end,
        ${entry.verificationCode}::text, ${entry.idempotencyKey}::text,
        ${entry.serviceTypeId}::uuid, ${entry.serviceDate}::date, ${entry.locale ?? "en"}::text
      from counter cross join free
      returning *
    ), ev as (
      insert into outbox (id, tenant_id, type, payload, pending, status, done_at)
      select ${event.event.id}::uuid, ${event.event.tenantId}::uuid, ${event.event.type}::text,
        ${JSON.stringify(event.event.payload)}::text::jsonb, ${event.pending}::text[],
        ${event.pending.length > 0 ? "pending" : "done"}::text,
        ${event.pending.length > 0 ? sql`null::timestamptz` : sql`now()`}
      from e
    )
    select state.live, state.same_phone as "samePhone", state.replay,
      e.id is not null as inserted, ${columns}
    from state left join e on true
  `.execute(trx);
  const row = rows[0];
  if (!row) throw new Error("insertEntryIfFree: the statement returned no row");
  const { live, samePhone, replay, inserted, ...insertedEntry } = row;
  return { entry: inserted ? insertedEntry : null, live, samePhone, replay };
}

/** `customerName` → `customer_name`; the result's keys come back camel-cased by the plugin. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
