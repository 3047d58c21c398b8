import type { Kysely } from "kysely";
import type { Actor } from "../audit/actor.ts";
import { recordAction } from "../audit/record.ts";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { callFirstWaiting } from "./entry_repo.ts";
import { type EntryView, toEntryView } from "./entry_view.ts";
import { lockQueue } from "./queue_repo.ts";

/** Calls the first waiting party of a queue; two concurrent calls never call the same party. */
export function callNext(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  actor: Actor,
): Promise<EntryView> {
  return withTenant(db, tenantId, async (trx) => {
    // The queue lock puts call-next in line with joins, reorders and other calls, so the party
    // called is always the head of the line (no party is skipped because its row was busy).
    const queue = await lockQueue(trx, queueId);
    if (!queue) throw notFoundError("queue");
    let called = null;
    for (let attempt = 0; attempt < 3 && !called; attempt++) {
      called = await callFirstWaiting(trx, queueId);
    }
    if (!called) throw new DomainError("nobody_waiting");
    await recordAction(trx, tenantId, actor, {
      action: "entry.call-next",
      resource: "queue_entry",
      resourceId: called.id,
      details: { queueId, ticketNumber: called.ticketNumber, from: "waiting", to: "called" },
    });
    return toEntryView(called, queue);
  });
}
