import { recordAction } from "../audit/record.ts";
import { type CommandTx, runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import {
  findLiveEntryByPhoneAndCode,
  listLiveEntriesBySessionIds,
  lockEntryBySessionId,
  markEntryConfirmed,
  setEntryStatus,
} from "./entry_repo.ts";
import { type EntryView, toEntryView } from "./entry_view.ts";
import { describeEntry } from "./entry_place.ts";
import { findQueue } from "./queue_repo.ts";

function auditCustomer(
  cmd: CommandTx,
  scope: TenantScope,
  action: string,
  entryId: string,
  details: Record<string, unknown>,
) {
  return recordAction(cmd.trx, scope.tenantId, scope.actor, {
    action,
    resource: "queue_entry",
    resourceId: entryId,
    details,
  });
}

/** The customer's own entry and its queue, locked; a 404 for a link that names none. */
async function lockOwnEntry(trx: Tx, sessionId: string) {
  const entry = await lockEntryBySessionId(trx, sessionId);
  const queue = entry ? await findQueue(trx, entry.queueId) : null;
  if (!entry || !queue) throw notFoundError("entry_link");
  return { entry, queue };
}

/** The customer leaves the queue from their own page, if the queue allows it. */
export function cancelOwnEntry(scope: TenantScope, sessionId: string): Promise<EntryView> {
  return runCommand(scope, async (cmd) => {
    const { trx } = cmd;
    const { entry, queue } = await lockOwnEntry(trx, sessionId);
    if (!queue.allowCancellation) {
      throw new DomainError("cancellation_not_allowed");
    }
    if (entry.status !== "waiting" && entry.status !== "called") {
      throw new DomainError("entry_ended");
    }
    const updated = await setEntryStatus(trx, entry.id, "cancelled");
    await auditCustomer(cmd, scope, "entry.customer-cancel", entry.id, {
      queueId: entry.queueId,
      ticketNumber: entry.ticketNumber,
      from: entry.status,
      to: "cancelled",
    });
    cmd.record("entry.cancelled", { queueId: entry.queueId, entryId: entry.id, by: "customer" })
      .committed = { kind: "entry", entry: updated };
    return toEntryView(updated, queue);
  });
}

/** A called customer says they are on their way. */
export function confirmOwnEntry(scope: TenantScope, sessionId: string): Promise<EntryView> {
  return runCommand(scope, async (cmd) => {
    const { trx } = cmd;
    const { entry, queue } = await lockOwnEntry(trx, sessionId);
    if (entry.status !== "called") throw new DomainError("confirm_before_call");
    const updated = entry.confirmedAt ? entry : await markEntryConfirmed(trx, entry.id);
    if (!entry.confirmedAt) {
      await auditCustomer(cmd, scope, "entry.customer-confirm", entry.id, {
        queueId: entry.queueId,
        ticketNumber: entry.ticketNumber,
      });
      cmd.record("entry.confirmed", { queueId: entry.queueId, entryId: entry.id }).committed = {
        kind: "entry",
        entry: updated,
      };
    }
    return toEntryView(updated, queue);
  });
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
