import type { Actor } from "../audit/actor.ts";
import { recordAction } from "../audit/record.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import {
  countLiveEntriesOfQueue,
  countMerchantQueues,
  findDefaultMerchant,
  findDeletedQueueName,
  findQueueRecord,
  insertQueueRecord,
  listQueueRecords,
  lockPlanQueueLimit,
  type QueueRecord,
  softDeleteQueue,
  updateQueueRecord,
} from "./queue_admin_repo.ts";
import type { CreateQueueInput, UpdateQueueInput } from "./queue_settings_schema.ts";
import { lockQueue } from "./queue_repo.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";

function audit(
  trx: Tx,
  tenantId: string,
  actor: Actor,
  action: string,
  queueId: string,
  details: Record<string, unknown>,
) {
  return recordAction(trx, tenantId, actor, {
    action,
    resource: "queue",
    resourceId: queueId,
    details: details,
  });
}

export function listQueueSettings(scope: TenantScope): Promise<QueueRecord[]> {
  return withTenant(scope.db, scope.tenantId, listQueueRecords);
}

export async function getQueueSettings(
  scope: TenantScope,
  queueId: string,
): Promise<QueueRecord> {
  const queue = await withTenant(scope.db, scope.tenantId, (trx) => findQueueRecord(trx, queueId));
  if (!queue) throw notFoundError("queue");
  return queue;
}

/** Creates a queue at the tenant's location, within the plan's queues-per-location limit. */
export function createQueue(
  scope: TenantScope,
  input: CreateQueueInput,
): Promise<QueueRecord> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    const merchant = await findDefaultMerchant(trx);
    if (!merchant) throw new DomainError("no_location");
    const limit = await lockPlanQueueLimit(trx);
    const count = await countMerchantQueues(trx, merchant.id);
    if (count >= limit) {
      throw new DomainError("plan_limit", { limit: "maxQueuesPerMerchant", max: limit });
    }
    const queue = await insertQueueRecord(trx, { ...input, tenantId, merchantId: merchant.id });
    await audit(trx, tenantId, actor, "queue.create", queue.id, { name: queue.name });
    record("queue.changed", { queueId: queue.id, change: "created" });
    return queue;
  });
}

export function updateQueue(
  scope: TenantScope,
  queueId: string,
  input: UpdateQueueInput,
): Promise<QueueRecord> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    const queue = await updateQueueRecord(trx, queueId, input);
    if (!queue) throw notFoundError("queue");
    await audit(trx, tenantId, actor, "queue.update", queueId, { changes: input });
    record("queue.changed", { queueId, change: "updated" });
    return queue;
  });
}

/** Turns a queue on or off for customers; its waiting parties stay. */
export function toggleQueue(
  scope: TenantScope,
  queueId: string,
): Promise<QueueRecord> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    // The queue row lock makes toggles and deletes take turns with joins.
    if (!await lockQueue(trx, queueId)) throw notFoundError("queue");
    const current = await findQueueRecord(trx, queueId);
    if (!current) throw notFoundError("queue");
    const queue = (await updateQueueRecord(trx, queueId, { isActive: !current.isActive }))!;
    await audit(trx, tenantId, actor, "queue.toggle", queueId, { isActive: queue.isActive });
    record("queue.changed", { queueId, change: "toggled" });
    return queue;
  });
}

/** True when `typed` names the queue (spaces around and letter case aside). */
function namesQueue(typed: string, name: string): boolean {
  return typed.trim().toLocaleLowerCase() === name.trim().toLocaleLowerCase();
}

/**
 * Deletes a queue that nobody is waiting in; its history stays for analytics. A person deleting
 * from the page types the queue's name first (`confirmName`), checked against the locked row.
 * Returns the deleted queue's name.
 */
export function deleteQueue(
  scope: TenantScope,
  queueId: string,
  options: { confirmName?: string } = {},
): Promise<{ name: string }> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    // Locked like a join locks it, so no party can slip in between the count and the delete.
    const queue = await lockQueue(trx, queueId);
    if (!queue) throw notFoundError("queue");
    if (options.confirmName !== undefined && !namesQueue(options.confirmName, queue.name)) {
      throw new DomainError("invalid_input", {
        fields: { confirmName: `Type the queue's name, ${queue.name}, to delete it` },
      });
    }
    const live = await countLiveEntriesOfQueue(trx, queueId);
    if (live > 0) {
      throw new DomainError("queue_not_empty", { queue: queue.name, live });
    }
    await softDeleteQueue(trx, queueId);
    await audit(trx, tenantId, actor, "queue.delete", queueId, { name: queue.name });
    record("queue.changed", { queueId, change: "deleted" });
    return { name: queue.name };
  });
}

/** The name of a deleted queue of the tenant, or null (never deleted, or another tenant's). */
export function deletedQueueName(scope: TenantScope, queueId: string): Promise<string | null> {
  return withTenant(scope.db, scope.tenantId, (trx) => findDeletedQueueName(trx, queueId));
}
