import type { Tx } from "../db/transaction_repo.ts";
import type { Actor } from "./actor.ts";
import { type AuditRecord, insertAuditLog } from "./audit_repo.ts";

/** What an audit row says was done, to which record. */
export interface AuditAction {
  action: string;
  resource: string;
  resourceId: string;
  details: Record<string, unknown>;
}

/** The audit row of `actor` doing `what` in a tenant. */
export function auditRecordOf(tenantId: string, actor: Actor, what: AuditAction): AuditRecord {
  return {
    tenantId,
    userId: actor.userId,
    userType: actor.userType,
    action: what.action,
    resource: what.resource,
    resourceId: what.resourceId,
    details: what.details,
    ipAddress: actor.ipAddress,
    userAgent: actor.userAgent,
  };
}

/** Writes who did what to which record, in the same transaction as the change itself. */
export function recordAction(
  trx: Tx,
  tenantId: string,
  actor: Actor,
  what: AuditAction,
): Promise<void> {
  return insertAuditLog(trx, auditRecordOf(tenantId, actor, what));
}
