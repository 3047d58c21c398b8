import { sql } from "kysely";
import type { Tx } from "../db/transaction_repo.ts";

export interface AuditRecord {
  tenantId: string | null;
  userId: string | null;
  userType: "SUPERADMIN" | "MERCHANT" | "CUSTOMER" | "SYSTEM";
  action: string;
  resource: string;
  resourceId: string | null;
  details: Record<string, unknown> | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export async function insertAuditLog(trx: Tx, record: AuditRecord): Promise<void> {
  await trx.insertInto("auditLogs").values(auditValues(record)).execute();
}

/** An audit row as inserted (also by `insertOutboxEvents`, with a command's events). */
export function auditValues(record: AuditRecord) {
  return {
    ...record,
    // An explicit cast: drivers differ in how they send a JSON string to a jsonb column.
    details: record.details ? sql`${JSON.stringify(record.details)}::text::jsonb` : null,
  };
}

export async function listAuditLogs(
  trx: Tx,
  filter: { resourceId?: string; limit?: number } = {},
): Promise<Array<AuditRecord & { createdAt: Date }>> {
  let q = trx.selectFrom("auditLogs").select([
    "tenantId",
    "userId",
    "userType",
    "action",
    "resource",
    "resourceId",
    "details",
    "ipAddress",
    "userAgent",
    "createdAt",
  ]).orderBy("createdAt", "desc").limit(filter.limit ?? 100);
  if (filter.resourceId) q = q.where("resourceId", "=", filter.resourceId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, details: r.details as Record<string, unknown> | null }));
}
