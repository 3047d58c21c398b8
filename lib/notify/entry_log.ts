import { withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import { runCommand } from "../events/command.ts";
import type { EventPayloads } from "../events/event_types.ts";
import type { TenantScope } from "../scope.ts";
import type { ChannelName } from "./channel.ts";
import { findNotifyEntry } from "./context_repo.ts";
import { type EntryNotification, listEntryNotifications } from "./log_repo.ts";

/** An entry's notification attempts (staff's view on the board), newest first. */
export async function notificationsOfEntry(
  scope: TenantScope,
  queueId: string,
  entryId: string,
): Promise<EntryNotification[]> {
  return await withTenant(scope.db, scope.tenantId, async (trx) => {
    const entry = await findNotifyEntry(trx, entryId);
    if (!entry || entry.queueId !== queueId) throw notFoundError("entry");
    return await listEntryNotifications(trx, entryId);
  });
}

/**
 * Sends the entry's last message again on its channel: a new `notification.resend` event (so it
 * is a new delivery, at most once like any other). Returns what will be resent.
 */
export async function resendLastNotification(
  scope: TenantScope,
  queueId: string,
  entryId: string,
): Promise<EventPayloads["notification.resend"]> {
  return await runCommand(scope, async ({ trx, record }) => {
    const entry = await findNotifyEntry(trx, entryId);
    if (!entry || entry.queueId !== queueId) throw notFoundError("entry");
    const last = (await listEntryNotifications(trx, entryId)).find((n) => n.topic !== null);
    if (!last) throw new DomainError("nothing_to_resend");
    const payload: EventPayloads["notification.resend"] = {
      queueId,
      entryId,
      topic: last.topic as EventPayloads["notification.resend"]["topic"],
      channel: last.channel.toLowerCase() as ChannelName,
    };
    record("notification.resend", payload);
    return payload;
  });
}
