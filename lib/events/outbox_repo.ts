import { type Kysely, sql } from "kysely";
import { aloneRetryingStale } from "../db/prepared_statements.ts";
import type { Database, OutboxStatus } from "../db/schema.ts";
import type { Tx } from "../db/transaction_repo.ts";
import type { DomainEvent } from "./event_types.ts";
import { type AuditRecord, auditValues } from "../audit/audit_repo.ts";

export interface OutboxRow {
  id: string;
  tenantId: string | null;
  type: string;
  payload: unknown;
  pending: string[];
  attempts: number;
  createdAt: Date;
}

/** Writes events in the caller's transaction; an event no durable handler wants is done at once. */
export async function insertOutboxEvents(
  trx: Tx,
  events: ReadonlyArray<{ event: DomainEvent; pending: string[] }>,
  audits: readonly AuditRecord[] = [],
): Promise<void> {
  if (events.length === 0) {
    if (audits.length > 0) {
      await trx.insertInto("auditLogs").values(audits.map(auditValues)).execute();
    }
    return;
  }
  const rows = events.map(({ event, pending }) => ({
    id: event.id,
    tenantId: event.tenantId,
    type: event.type,
    payload: sql`${JSON.stringify(event.payload)}::text::jsonb`,
    pending,
    status: (pending.length > 0 ? "pending" : "done") as OutboxStatus,
    doneAt: pending.length > 0 ? null : sql<Date>`now()`,
  }));
  if (audits.length === 0) {
    await trx.insertInto("outbox").values(rows).execute();
    return;
  }
  // The command's audit rows ride along: one statement, one round trip, for both.
  await trx.with("audit", (db) => db.insertInto("auditLogs").values(audits.map(auditValues)))
    .insertInto("outbox").values(rows).execute();
}

/**
 * Claims up to `limit` due rows for `leaseMs`: rows locked by another dispatcher are skipped,
 * and a claimed row is not due again until its lease runs out (a crashed dispatcher's rows come
 * back after it). Each claim counts as an attempt. One statement that is its own transaction on
 * the platform path (`claim_outbox`, migration `20261214000000_outbox_claim_and_rollup_probe.ts`:
 * the platform role, a commit that does not wait for the disk). Call it on the database, never
 * inside a transaction.
 */
export async function claimDueEvents(
  db: Kysely<Database>,
  options: { limit: number; leaseMs: number },
): Promise<OutboxRow[]> {
  const { rows } = await aloneRetryingStale(() =>
    sql<OutboxRow>`
      select id, tenant_id as "tenantId", type, payload, pending, attempts,
        created_at as "createdAt"
      from claim_outbox(${options.leaseMs / 1000}::float8, ${options.limit}::int)
    `.execute(db)
  );
  return rows;
}

/**
 * Extends this dispatcher's claim on one row just before it delivers it, so a batch claimed at
 * once never runs on a lease that ran out behind slow sends. `attempts` is the claim's token:
 * when another dispatcher has claimed the row since (its lease had run out), nothing changes and
 * the answer is false: that row is no longer ours to deliver.
 */
export async function renewClaim(
  trx: Tx,
  claim: { id: string; attempts: number },
  leaseMs: number,
): Promise<boolean> {
  const row = await trx.updateTable("outbox")
    .set({ lockedUntil: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where("id", "=", claim.id).where("attempts", "=", claim.attempts)
    .where("status", "=", "pending")
    .returning("id").executeTakeFirst();
  return row !== undefined;
}

/**
 * Gives back claimed rows this dispatcher will not deliver (it is stopping): due again at once,
 * and the claim does not count as a try. Rows claimed by another dispatcher since are untouched.
 */
export async function releaseClaims(
  trx: Tx,
  claims: ReadonlyArray<{ id: string; attempts: number }>,
): Promise<void> {
  if (claims.length === 0) return;
  await trx.updateTable("outbox")
    .set({ lockedUntil: null, attempts: sql<number>`attempts - 1` })
    .where("status", "=", "pending")
    .where((eb) =>
      eb.or(claims.map((c) => eb.and([eb("id", "=", c.id), eb("attempts", "=", c.attempts)])))
    )
    .execute();
}

export interface Settlement {
  id: string;
  /** The claim's token: only the claim that delivered the row may settle it. */
  attempts: number;
  /** The handlers still pending after this round (none: done). */
  pending: string[];
  lastError: string | null;
  retryInMs: number;
  /** The tries are spent: a row with handlers still pending is dead rather than due again. */
  dead: boolean;
}

/**
 * Records delivery rounds, several rows in one statement that is its own transaction on the
 * platform path (`settle_outbox`, migration `20261206000000_settle_outbox_function.ts`: the
 * platform role, a commit that does not wait for the disk): each row's handlers still pending
 * after its round. None left → done; otherwise due again after `retryInMs`, or dead once `dead`
 * says the attempts are spent. Only the claim named by `attempts` may settle a row: the answer
 * holds the ids settled, without those another dispatcher has claimed since. Call it on the
 * database, never inside a transaction.
 */
export async function settleEvents(
  db: Kysely<Database>,
  settlements: readonly Settlement[],
): Promise<Set<string>> {
  if (settlements.length === 0) return new Set();
  const rows = settlements.map((s) => ({
    id: s.id,
    attempts: s.attempts,
    pending: s.pending,
    status: (s.pending.length === 0 ? "done" : s.dead ? "dead" : "pending") as OutboxStatus,
    last_error: s.lastError,
    retry_secs: s.retryInMs / 1000,
  }));
  const { rows: settled } = await aloneRetryingStale(() =>
    sql<{ id: string }>`select id from settle_outbox(${JSON.stringify(rows)}::text::jsonb)`
      .execute(db)
  );
  return new Set(settled.map((r) => r.id));
}

export interface OutboxStats {
  pending: number;
  dead: number;
  /** Age of the oldest event still pending, in ms (0 when none). */
  oldestPendingMs: number;
}

/** How far behind delivery is: the operators' view (logged, and exported by /metrics later). */
export async function readOutboxStats(trx: Tx): Promise<OutboxStats> {
  const { rows } = await sql<{ pending: string; dead: string; oldest: string | null }>`
    select count(*) filter (where status = 'pending') as pending,
      count(*) filter (where status = 'dead') as dead,
      extract(epoch from now() - min(created_at) filter (where status = 'pending')) * 1000
        as oldest
    from outbox where status <> 'done'
  `.execute(trx);
  const row = rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    dead: Number(row?.dead ?? 0),
    oldestPendingMs: Math.round(Number(row?.oldest ?? 0)),
  };
}

/** The dead events, newest first: what failed for good, with the last error. */
export function listDeadEvents(trx: Tx, limit = 50) {
  return trx.selectFrom("outbox")
    .select(["id", "tenantId", "type", "pending", "attempts", "lastError", "createdAt"])
    .where("status", "=", "dead").orderBy("createdAt", "desc").limit(limit).execute();
}

/** Forgets delivered events older than `days` (the cron keeps the table small). */
export async function deleteDeliveredBefore(trx: Tx, days: number): Promise<number> {
  const result = await trx.deleteFrom("outbox").where("status", "=", "done")
    .where("doneAt", "<", sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Ids (by payload key) whose latest event of `type` in this tenant died undelivered: an
 * invitation that failed and was not sent again since.
 */
export async function listDeadEventSubjects(
  trx: Tx,
  type: string,
  key: string,
): Promise<string[]> {
  // One expression, written once: DISTINCT ON must match ORDER BY, and two bound parameters
  // would not (the key is the caller's constant, never input).
  const subject = sql`payload ->> ${sql.lit(key)}`;
  const { rows } = await sql<{ subject: string; status: string }>`
    select distinct on (${subject}) ${subject} as subject, status
    from outbox where type = ${type}
    order by ${subject}, created_at desc
  `.execute(trx);
  return rows.filter((r) => r.status === "dead").map((r) => r.subject);
}
