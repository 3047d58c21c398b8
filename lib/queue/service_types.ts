import { z } from "zod";
import { recordAction } from "../audit/record.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { notFoundError } from "../errors.ts";
import { findQueue } from "./queue_repo.ts";
import {
  deactivateServiceType,
  insertServiceType,
  listServiceTypes,
  type ServiceTypeRow,
} from "./service_type_repo.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";

export const ServiceTypeSchema = z.object({
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required")
    .max(60, "Name must be at most 60 characters"),
  description: z.string().trim().max(200, "Description must be at most 200 characters")
    .nullable().optional(),
  estimatedServiceTime: z.coerce.number().int("Service time must be whole minutes")
    .min(1, "Service time must be at least 1 minute").max(
      1440,
      "Service time must be at most 1440 minutes",
    )
    .nullable().optional(),
  sortOrder: z.coerce.number().int().min(0).max(1000).optional(),
}).strict();

export type ServiceTypeInput = z.infer<typeof ServiceTypeSchema>;

/** Service types of a queue (e.g. dine-in, takeaway), offered at join and shown on the board. */
export function getServiceTypes(
  scope: TenantScope,
  queueId: string,
): Promise<ServiceTypeRow[]> {
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    if (!await findQueue(trx, queueId)) throw notFoundError("queue");
    return await listServiceTypes(trx, queueId);
  });
}

export function addServiceType(
  scope: TenantScope,
  queueId: string,
  input: ServiceTypeInput,
): Promise<ServiceTypeRow> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    const queue = await findQueue(trx, queueId);
    if (!queue) throw notFoundError("queue");
    const type = await insertServiceType(trx, {
      tenantId,
      merchantId: queue.merchantId,
      queueId,
      name: input.name,
      description: input.description ?? null,
      estimatedServiceTime: input.estimatedServiceTime ?? null,
      sortOrder: input.sortOrder ?? 0,
    });
    await recordAction(trx, tenantId, actor, {
      action: "service-type.create",
      resource: "service_type",
      resourceId: type.id,
      details: { queueId, name: type.name },
    });
    record("queue.changed", { queueId, change: "service_types" });
    return type;
  });
}

export function removeServiceType(
  scope: TenantScope,
  queueId: string,
  typeId: string,
): Promise<void> {
  const { tenantId, actor } = scope;
  return runCommand(scope, async ({ trx, record }) => {
    if (!await deactivateServiceType(trx, queueId, typeId)) {
      throw notFoundError("service_type");
    }
    await recordAction(trx, tenantId, actor, {
      action: "service-type.delete",
      resource: "service_type",
      resourceId: typeId,
      details: { queueId },
    });
    record("queue.changed", { queueId, change: "service_types" });
  });
}
