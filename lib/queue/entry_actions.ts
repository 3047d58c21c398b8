import type { EntryStatus } from "../db/schema.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { lockEntry, setEntryStatus } from "./entry_repo.ts";
import { type EntryView, NO_PLACE, toEntryView } from "./entry_view.ts";
import { describeEntry } from "./entry_place.ts";
import { findQueue } from "./queue_repo.ts";
import { runCommand, sendAlone } from "../events/command.ts";
import { type DomainEvent, newEvent } from "../events/event_types.ts";
import { auditRecordOf } from "../audit/record.ts";
import { entryActionAlone } from "./entry_action_repo.ts";
import type { TenantScope } from "../scope.ts";

export type EntryAction = "call" | "seat" | "complete" | "cancel" | "no-show" | "requeue";

/** The entry state machine of DESIGN.md: which states each action may start from. */
export const ENTRY_TRANSITIONS: Record<EntryAction, { from: EntryStatus[]; to: EntryStatus }> = {
  call: { from: ["waiting"], to: "called" },
  seat: { from: ["called"], to: "seated" },
  complete: { from: ["called", "seated"], to: "completed" },
  cancel: { from: ["waiting", "called"], to: "cancelled" },
  // Only a called party can fail to turn up; one still waiting is cancelled instead.
  "no-show": { from: ["called"], to: "no_show" },
  requeue: { from: ["called"], to: "waiting" },
};

/** The event a staff action records. */
function entryEvent(
  tenantId: string,
  action: EntryAction,
  ids: { queueId: string; entryId: string },
): DomainEvent {
  switch (action) {
    case "call":
      return newEvent("entry.called", tenantId, ids);
    case "seat":
      return newEvent("entry.seated", tenantId, ids);
    case "complete":
      return newEvent("entry.completed", tenantId, ids);
    case "cancel":
      return newEvent("entry.cancelled", tenantId, { ...ids, by: "staff" });
    case "no-show":
      return newEvent("entry.no_show", tenantId, { ...ids, by: "staff" });
    case "requeue":
      return newEvent("entry.requeued", tenantId, ids);
  }
}

function refusedError(
  action: EntryAction,
  refused: { from: EntryStatus; ticketNumber: string },
): DomainError {
  if (action === "no-show" && refused.from === "waiting") {
    return new DomainError("no_show_before_call", { ticket: refused.ticketNumber });
  }
  return new DomainError("illegal_transition", {
    ticket: refused.ticketNumber,
    action,
    from: refused.from,
    to: ENTRY_TRANSITIONS[action].to,
  });
}

/**
 * Applies one staff action to one entry. The entry row is locked, so when two staff act on it
 * at once one wins and the other is told (409) what happened instead. Every action but a requeue
 * is one statement (`entry_action_as`); a requeue puts the party back in the line, so its answer
 * reads the line for the party's new place and wait.
 */
export async function applyEntryAction(
  scope: TenantScope,
  queueId: string,
  entryId: string,
  action: EntryAction,
): Promise<EntryView> {
  // As the database writes them: the event and the audit row name the entry as its rows do.
  queueId = queueId.toLowerCase();
  entryId = entryId.toLowerCase();
  if (action === "requeue") return await requeueEntry(scope, queueId, entryId);
  const rule = ENTRY_TRANSITIONS[action];
  const event = entryEvent(scope.tenantId, action, { queueId, entryId });
  // The statement adds the ticket and the status the entry left to the details.
  const audit = auditRecordOf(scope.tenantId, scope.actor, {
    action: `entry.${action}`,
    resource: "queue_entry",
    resourceId: entryId,
    details: { queueId, to: rule.to },
  });
  const attempt = await sendAlone(
    scope,
    event,
    (written) =>
      entryActionAlone(
        scope.db,
        scope.tenantId,
        { queueId, entryId, from: rule.from, to: rule.to },
        written,
        audit,
      ),
  );
  if (attempt.outcome === "missing") throw notFoundError("entry");
  if (attempt.outcome === "refused") throw refusedError(action, attempt);
  event.committed = { kind: "entry", entry: attempt.entry };
  scope.afterCommit([event]);
  return toEntryView(attempt.entry, attempt.queue, NO_PLACE);
}

/** Puts a called party back in the line, at the place its rank keeps. */
function requeueEntry(scope: TenantScope, queueId: string, entryId: string): Promise<EntryView> {
  return runCommand(scope, async ({ trx, record, audit }) => {
    const queue = await findQueue(trx, queueId);
    const entry = queue ? await lockEntry(trx, queueId, entryId) : null;
    if (!queue || !entry) throw notFoundError("entry");
    const rule = ENTRY_TRANSITIONS.requeue;
    if (!rule.from.includes(entry.status)) {
      throw refusedError("requeue", { from: entry.status, ticketNumber: entry.ticketNumber });
    }
    const updated = await setEntryStatus(trx, entry.id, rule.to, { requeued: true });
    audit({
      action: "entry.requeue",
      resource: "queue_entry",
      resourceId: entry.id,
      details: { queueId, ticketNumber: entry.ticketNumber, from: entry.status, to: rule.to },
    });
    record("entry.requeued", { queueId, entryId: entry.id }).committed = {
      kind: "entry",
      entry: updated,
    };
    return await describeEntry(trx, updated, queue);
  });
}
