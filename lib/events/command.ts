import type { Tx } from "../db/transaction_repo.ts";
import { withTenant } from "../db/transaction_repo.ts";
import type { TenantScope } from "../scope.ts";
import { type DomainEvent, type EventPayloads, type EventType, newEvent } from "./event_types.ts";
import { insertOutboxEvents } from "./outbox_repo.ts";
import type { AuditRecord } from "../audit/audit_repo.ts";
import { type AuditAction, auditRecordOf } from "../audit/record.ts";
import { durableHandlersFor } from "./subscriptions.ts";

/** The transaction of one command, and the way it records what happened. */
export interface CommandTx {
  trx: Tx;
  /** Records an event; it is written to the outbox in this transaction, delivered after it. */
  record<T extends EventType>(type: T, payload: EventPayloads[T]): DomainEvent<T>;
  /**
   * Records who did what to which record (the scope's actor), written at the end of this
   * transaction in the statement that writes its events: one round trip for both.
   */
  audit(what: AuditAction): void;
}

/**
 * Runs a tenant command: its changes and its events commit together (the events in the outbox),
 * and only after the commit are they handed to the dispatcher. No network I/O runs inside.
 */
export async function runCommand<T>(
  scope: TenantScope,
  fn: (cmd: CommandTx) => Promise<T>,
): Promise<T> {
  let events: DomainEvent[] = [];
  const result = await withTenant(scope.db, scope.tenantId, async (trx) => {
    events = [];
    const audits: AuditRecord[] = [];
    const out = await fn({
      trx,
      record(type, payload) {
        const event = newEvent(type, scope.tenantId, payload);
        events.push(event);
        return event;
      },
      audit(what) {
        audits.push(auditRecordOf(scope.tenantId, scope.actor, what));
      },
    });
    await insertOutboxEvents(
      trx,
      events.map((event) => ({ event, pending: durableHandlersFor(event.type) })),
      audits,
    );
    return out;
  });
  if (events.length > 0) scope.afterCommit(events);
  return result;
}

/**
 * Sends a command that is one statement and its own transaction (the `…_as` functions), which
 * writes `event` to the outbox itself with the durable handlers given to `send`. Lost in flight,
 * it may have committed: the event is handed on all the same (this process's pages read what it
 * touches again; an uncommitted change shows nothing new) and the error goes to the caller; the
 * outbox delivers the event once if it committed. On success the caller hands the event on when
 * the statement says it wrote it.
 */
export async function sendAlone<T>(
  scope: TenantScope,
  event: DomainEvent,
  send: (written: { event: DomainEvent; pending: string[] }) => Promise<T>,
): Promise<T> {
  try {
    return await send({ event, pending: durableHandlersFor(event.type) });
  } catch (err) {
    scope.afterCommit([event]);
    throw err;
  }
}
