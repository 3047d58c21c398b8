import { auditRecordOf } from "../audit/record.ts";
import { type DomainEvent, newEvent } from "../events/event_types.ts";
import { durableHandlersFor } from "../events/subscriptions.ts";
import type { TenantScope } from "../scope.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { mayHaveCommitted } from "../db/db_errors.ts";
import { DomainError, notFoundError } from "../errors.ts";
import {
  findEntryIdsBySessionId,
  findLiveEntryByPhoneAndCode,
  listLiveEntriesBySessionIds,
} from "./entry_repo.ts";
import {
  type CustomerAction,
  customerActionAlone,
  type CustomerActionAttempt,
} from "./customer_action_repo.ts";
import { type EntryView, toEntryView } from "./entry_view.ts";
import { describeEntry } from "./entry_place.ts";
import { findQueue } from "./queue_repo.ts";

/** The event a customer's action records; the statement fills in its queue and entry. */
function customerEvent(tenantId: string, action: CustomerAction): DomainEvent {
  return action === "cancel"
    ? newEvent("entry.cancelled", tenantId, { queueId: "", entryId: "", by: "customer" })
    : newEvent("entry.confirmed", tenantId, { queueId: "", entryId: "" });
}

/**
 * Applies a customer's own action to the entry their link names, in one statement. Lost in
 * flight it may have committed: the entry's pages are told to read it again, as for staff, once
 * the entry is found (the error goes to the customer without waiting for that).
 */
async function applyOwnAction(
  scope: TenantScope,
  sessionId: string,
  action: CustomerAction,
): Promise<EntryView> {
  const event = customerEvent(scope.tenantId, action);
  const audit = auditRecordOf(scope.tenantId, scope.actor, {
    action: action === "cancel" ? "entry.customer-cancel" : "entry.customer-confirm",
    resource: "queue_entry",
    resourceId: "",
    details: {},
  });
  let attempt: CustomerActionAttempt;
  try {
    attempt = await customerActionAlone(scope.db, scope.tenantId, sessionId, action, {
      event,
      pending: durableHandlersFor(event.type),
    }, audit);
  } catch (err) {
    if (mayHaveCommitted(err)) announceLost(scope, sessionId, event);
    throw err;
  }
  if (attempt.outcome === "missing") throw notFoundError("entry_link");
  if (attempt.outcome === "not_allowed") throw new DomainError("cancellation_not_allowed");
  if (attempt.outcome === "refused") {
    throw new DomainError(action === "cancel" ? "entry_ended" : "confirm_before_call");
  }
  if (attempt.outcome === "done") {
    Object.assign(event.payload, { queueId: attempt.entry.queueId, entryId: attempt.entry.id });
    event.committed = { kind: "entry", entry: attempt.entry };
    scope.afterCommit([event]);
  }
  return toEntryView(attempt.entry, attempt.queue);
}

/**
 * Hands on the event of an action whose answer was lost, when its entry can be found. Never
 * rejects: with the database still unreachable, the entry's pages catch up on their queue's next
 * change, or when their read model next reloads it.
 */
async function announceLost(
  scope: TenantScope,
  sessionId: string,
  event: DomainEvent,
): Promise<void> {
  try {
    const ids = await withTenant(
      scope.db,
      scope.tenantId,
      (trx) => findEntryIdsBySessionId(trx, sessionId),
    );
    if (!ids) return;
    Object.assign(event.payload, ids);
    scope.afterCommit([event]);
  } catch {
    // Still unreachable: see above.
  }
}

/** The customer leaves the queue from their own page, if the queue allows it. */
export function cancelOwnEntry(scope: TenantScope, sessionId: string): Promise<EntryView> {
  return applyOwnAction(scope, sessionId, "cancel");
}

/** A called customer says they are on their way (again: the first time counts). */
export function confirmOwnEntry(scope: TenantScope, sessionId: string): Promise<EntryView> {
  return applyOwnAction(scope, sessionId, "confirm");
}

/** Finds a live entry by phone and the code shown at join, for a customer who lost the link. */
export function recoverEntry(
  scope: TenantScope,
  phone: string,
  code: string,
): Promise<EntryView> {
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    const entry = await findLiveEntryByPhoneAndCode(trx, phone, code);
    const queue = entry ? await findQueue(trx, entry.queueId) : null;
    if (!entry || !queue) throw notFoundError("recovery");
    return await describeEntry(trx, entry, queue);
  });
}

/** The still-live entries a returning browser remembers. */
export function listRememberedEntries(
  scope: TenantScope,
  sessionIds: string[],
): Promise<Array<{ ticketNumber: string; sessionId: string; status: string }>> {
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    const rows = await listLiveEntriesBySessionIds(trx, sessionIds);
    return rows.map((r) => ({
      ticketNumber: r.ticketNumber,
      sessionId: r.sessionId,
      status: r.status,
    }));
  });
}
