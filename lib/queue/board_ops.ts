import type { Actor } from "../audit/actor.ts";
import { recordAction } from "../audit/record.ts";
import { type Tx } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import {
  listWaitingRanks,
  lockEntries,
  lockEntry,
  setEntryRank,
  setEntryStatus,
} from "./entry_repo.ts";
import { type EntryView, toEntryView } from "./entry_view.ts";
import { describeEntry } from "./entry_place.ts";
import { lockQueue } from "./queue_repo.ts";
import { RANK_STEP, rankBefore } from "./rank.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";

function audit(
  trx: Tx,
  tenantId: string,
  actor: Actor,
  action: string,
  entryId: string,
  details: Record<string, unknown>,
) {
  return recordAction(trx, tenantId, actor, {
    action,
    resource: "queue_entry",
    resourceId: entryId,
    details: details,
  });
}

/**
 * Moves a waiting party to just before another (or to the end): one row changes rank, unless
 * the neighbours are too close, when the waiting line is renumbered first.
 */
export function moveEntry(
  scope: TenantScope,
  queueId: string,
  move: { entryId: string; beforeEntryId: string | null },
): Promise<EntryView> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    const queue = await lockQueue(trx, queueId);
    const entry = queue ? await lockEntry(trx, queueId, move.entryId) : null;
    if (!queue || !entry) throw notFoundError("entry");
    if (entry.status !== "waiting") {
      throw new DomainError("not_waiting", { ticket: entry.ticketNumber, action: "move" });
    }
    if (move.beforeEntryId === move.entryId) throw new DomainError("move_before_itself");
    let others = (await listWaitingRanks(trx, queueId)).filter((e) => e.id !== entry.id);
    if (move.beforeEntryId && !others.some((e) => e.id === move.beforeEntryId)) {
      throw new DomainError("move_target_gone");
    }
    let rank = rankBefore(others, move.beforeEntryId);
    if (rank === null) {
      for (const [i, e] of others.entries()) await setEntryRank(trx, e.id, (i + 1) * RANK_STEP);
      others = others.map((e, i) => ({ id: e.id, sortRank: (i + 1) * RANK_STEP }));
      rank = rankBefore(others, move.beforeEntryId)!;
    }
    const moved = await setEntryRank(trx, entry.id, rank);
    const view = await describeEntry(trx, moved, queue);
    await audit(trx, tenantId, actor, "entry.reorder", entry.id, {
      queueId,
      ticketNumber: entry.ticketNumber,
      beforeEntryId: move.beforeEntryId,
      position: view.position,
    });
    record("entry.reordered", { queueId, entryId: entry.id });
    return view;
  });
}

/** Calls several waiting parties at once; all or nothing, so a stale board changes nothing. */
export function callEntries(
  scope: TenantScope,
  queueId: string,
  entryIds: string[],
): Promise<EntryView[]> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    const queue = await lockQueue(trx, queueId);
    if (!queue) throw notFoundError("queue");
    const unique = [...new Set(entryIds)];
    const entries = await lockEntries(trx, queueId, unique);
    if (entries.length !== unique.length) throw notFoundError("entry");
    const stale = entries.filter((e) => e.status !== "waiting");
    if (stale.length > 0) {
      throw new DomainError("not_waiting_many", { tickets: stale.map((e) => e.ticketNumber) });
    }
    const views: EntryView[] = [];
    for (const e of entries) {
      const called = await setEntryStatus(trx, e.id, "called");
      await audit(trx, tenantId, actor, "entry.call", e.id, {
        queueId,
        ticketNumber: e.ticketNumber,
        from: "waiting",
        to: "called",
        bulk: true,
      });
      record("entry.called", { queueId, entryId: e.id });
      views.push(toEntryView(called, queue));
    }
    return views;
  });
}
