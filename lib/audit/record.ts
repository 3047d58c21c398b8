import type { Tx } from "../db/transaction_repo.ts";
import type { Actor } from "./actor.ts";
import { insertAuditLog } from "./audit_repo.ts";

/** Writes who did what to which record, in the same transaction as the change itself. */
export function recordAction(
  trx: Tx,
  tenantId: string,
  actor: Actor,
  what: { action: string; resource: string; resourceId: string; details: Record<string, unknown> },
): Promise<void> {
  return insertAuditLog(trx, {
    tenantId,
    userId: actor.userId,
    userType: actor.userType,
    action: what.action,
    resource: what.resource,
    resourceId: what.resourceId,
    details: what.details,
    ipAddress: actor.ipAddress,
    userAgent: actor.userAgent,
  });
}
