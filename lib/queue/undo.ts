import { recordAction } from "../audit/record.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";
import { describeEntry } from "./entry_place.ts";
import type { EntryView } from "./entry_view.ts";
import { findQueue } from "./queue_repo.ts";
import { lockFinishedEntry, restoreEntry } from "./undo_repo.ts";

/** How long a seat or a completion can be taken back: a slip of the finger, not a change of mind. */
export const UNDO_WINDOW_SECONDS = 60;

/**
 * Takes back a seat (the party is called again) or a completion (the party is back where it
 * was: seated, or called if it never was seated) within a minute of it, by the database's clock.
 * Recorded as `entry.restored`, so every open board and the customer's page redraw.
 */
export function undoEntryAction(
  scope: TenantScope,
  queueId: string,
  entryId: string,
): Promise<EntryView> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    const queue = await findQueue(trx, queueId);
    const entry = queue ? await lockFinishedEntry(trx, queueId, entryId) : null;
    if (!queue || !entry) throw notFoundError("entry");
    const ticket = entry.ticketNumber;
    if (entry.status !== "seated" && entry.status !== "completed") {
      throw new DomainError("nothing_to_undo", { ticket });
    }
    const from = entry.status;
    if (entry.secondsAgo > UNDO_WINDOW_SECONDS) {
      const action = from === "seated" ? "seat" : "complete";
      throw new DomainError("undo_expired", { ticket, action, seconds: UNDO_WINDOW_SECONDS });
    }
    const to = from === "completed" && entry.wasSeated ? "seated" : "called";
    const restored = await restoreEntry(trx, entry.id, to);
    await recordAction(trx, tenantId, actor, {
      action: "entry.undo",
      resource: "queue_entry",
      resourceId: entry.id,
      details: { queueId, ticketNumber: ticket, from, to },
    });
    record("entry.restored", { queueId, entryId: entry.id, from, to });
    return await describeEntry(trx, restored, queue);
  });
}
