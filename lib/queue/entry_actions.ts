import type { EntryStatus } from "../db/schema.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { lockEntry, setEntryStatus } from "./entry_repo.ts";
import type { EntryView } from "./entry_view.ts";
import { describeEntry } from "./entry_place.ts";
import { findQueue } from "./queue_repo.ts";
import { type CommandTx, runCommand } from "../events/command.ts";
import type { DomainEvent } from "../events/event_types.ts";
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
function recordEntryEvent(
  record: CommandTx["record"],
  action: EntryAction,
  ids: { queueId: string; entryId: string },
): DomainEvent {
  switch (action) {
    case "call":
      return record("entry.called", ids);
    case "seat":
      return record("entry.seated", ids);
    case "complete":
      return record("entry.completed", ids);
    case "cancel":
      return record("entry.cancelled", { ...ids, by: "staff" });
    case "no-show":
      return record("entry.no_show", { ...ids, by: "staff" });
    case "requeue":
      return record("entry.requeued", ids);
  }
}

/**
 * Applies one staff action to one entry. The entry row is locked, so when two staff act on it
 * at once one wins and the other is told (409) what happened instead.
 */
export function applyEntryAction(
  scope: TenantScope,
  queueId: string,
  entryId: string,
  action: EntryAction,
): Promise<EntryView> {
  return runCommand(scope, async ({ trx, record, audit }) => {
    const queue = await findQueue(trx, queueId);
    const entry = queue ? await lockEntry(trx, queueId, entryId) : null;
    if (!queue || !entry) throw notFoundError("entry");
    const rule = ENTRY_TRANSITIONS[action];
    if (action === "no-show" && entry.status === "waiting") {
      throw new DomainError("no_show_before_call", { ticket: entry.ticketNumber });
    }
    if (!rule.from.includes(entry.status)) {
      throw new DomainError("illegal_transition", {
        ticket: entry.ticketNumber,
        action,
        from: entry.status,
        to: rule.to,
      });
    }
    const updated = await setEntryStatus(trx, entry.id, rule.to, {
      requeued: action === "requeue",
    });
    audit({
      action: `entry.${action}`,
      resource: "queue_entry",
      resourceId: entry.id,
      details: { queueId, ticketNumber: entry.ticketNumber, from: entry.status, to: rule.to },
    });
    recordEntryEvent(record, action, { queueId, entryId: entry.id }).committed = {
      kind: "entry",
      entry: updated,
    };
    return await describeEntry(trx, updated, queue);
  });
}
