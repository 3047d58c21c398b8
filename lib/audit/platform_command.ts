import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type Tx, withPlatform } from "../db/transaction_repo.ts";
import type { Actor } from "./actor.ts";
import { insertAuditLog } from "./audit_repo.ts";

/** Who acts on the platform path; `userId` is null when no back-office user is known yet. */
export type PlatformActor = Omit<Actor, "userId"> & { userId: string | null };

/** One platform change: what was done to which record, and the record before and after. */
export interface PlatformChange {
  action: string;
  resource: string;
  resourceId: string | null;
  /** The tenant whose rows changed, if any; kept in the details, not as the row's tenant. */
  tenantId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  details?: Record<string, unknown>;
}

/**
 * Adds a platform audit row in the caller's platform transaction. The row has no tenant, so no
 * tenant can see, change or delete it; only the platform path reads it.
 */
export function recordPlatformAction(
  trx: Tx,
  actor: PlatformActor,
  change: PlatformChange,
): Promise<void> {
  const details = {
    ...(change.tenantId ? { tenantId: change.tenantId } : {}),
    ...(change.before !== undefined ? { before: change.before } : {}),
    ...(change.after !== undefined ? { after: change.after } : {}),
    ...change.details,
  };
  return insertAuditLog(trx, {
    tenantId: null,
    userId: actor.userId,
    userType: actor.userType,
    action: change.action,
    resource: change.resource,
    resourceId: change.resourceId,
    details: Object.keys(details).length > 0 ? details : null,
    ipAddress: actor.ipAddress,
    userAgent: actor.userAgent,
  });
}

/**
 * Runs one back-office write on the platform path and audits it in the same transaction. `fn`
 * gets `audit(change)` and must call it at least once: a command that records nothing throws,
 * and its writes roll back. Every back-office feature that changes rows goes through here.
 */
export function platformCommand<T>(
  scope: { db: Kysely<Database>; actor: PlatformActor },
  fn: (trx: Tx, audit: (change: PlatformChange) => Promise<void>) => Promise<T>,
): Promise<T> {
  return withPlatform(scope.db, async function runPlatformCommand(trx) {
    let audited = 0;
    const result = await fn(trx, async function audit(change) {
      await recordPlatformAction(trx, scope.actor, change);
      audited++;
    });
    if (audited === 0) throw new Error("platformCommand() recorded no audit row");
    return result;
  });
}
