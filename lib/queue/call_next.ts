import { DomainError, notFoundError } from "../errors.ts";
import { callNextAlone } from "./call_next_repo.ts";
import { type EntryView, toEntryView } from "./entry_view.ts";
import { newEvent } from "../events/event_types.ts";
import { sendAlone } from "../events/command.ts";
import { auditRecordOf } from "../audit/record.ts";
import type { TenantScope } from "../scope.ts";

/**
 * Calls the first waiting party of a queue; two concurrent calls never call the same party.
 * One statement under the queue's lock, which puts call-next in line with joins, reorders and
 * other calls, so the party called is always the head of the line.
 */
export async function callNext(scope: TenantScope, queueId: string): Promise<EntryView> {
  // The party's id is filled in by the statement, in the event's payload and the audit row.
  const event = newEvent("entry.called", scope.tenantId, { queueId, entryId: "" });
  const audit = auditRecordOf(scope.tenantId, scope.actor, {
    action: "entry.call-next",
    resource: "queue_entry",
    resourceId: "",
    details: { queueId, from: "waiting", to: "called" },
  });
  const attempt = await sendAlone(
    scope,
    event,
    (written) => callNextAlone(scope.db, scope.tenantId, queueId, written, audit),
  );
  if (attempt.outcome === "missing") throw notFoundError("queue");
  if (attempt.outcome === "nobody_waiting") throw new DomainError("nobody_waiting");
  const called = attempt.entry;
  event.payload.entryId = called.id;
  event.committed = { kind: "called", entry: called };
  scope.afterCommit([event]);
  return toEntryView(called, attempt.queue);
}
