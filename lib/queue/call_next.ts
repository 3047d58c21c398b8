import { DomainError, notFoundError } from "../errors.ts";
import { callFirstWaiting } from "./entry_repo.ts";
import { type EntryView, toEntryView } from "./entry_view.ts";
import { lockQueue } from "./queue_repo.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";

/** Calls the first waiting party of a queue; two concurrent calls never call the same party. */
export function callNext(
  scope: TenantScope,
  queueId: string,
): Promise<EntryView> {
  return runCommand(scope, async ({ trx, record, audit }) => {
    // The queue lock puts call-next in line with joins, reorders and other calls, so the party
    // called is always the head of the line (no party is skipped because its row was busy).
    const queue = await lockQueue(trx, queueId);
    if (!queue) throw notFoundError("queue");
    let called = null;
    for (let attempt = 0; attempt < 3 && !called; attempt++) {
      called = await callFirstWaiting(trx, queueId);
    }
    if (!called) throw new DomainError("nobody_waiting");
    audit({
      action: "entry.call-next",
      resource: "queue_entry",
      resourceId: called.id,
      details: { queueId, ticketNumber: called.ticketNumber, from: "waiting", to: "called" },
    });
    record("entry.called", { queueId, entryId: called.id }).committed = {
      kind: "called",
      entry: called,
    };
    return toEntryView(called, queue);
  });
}
