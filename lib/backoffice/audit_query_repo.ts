import type { Tx } from "../db/transaction_repo.ts";
import type { AuditFilter } from "./audit_filter.ts";

const COLUMNS = [
  "id",
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
] as const;

function filtered(trx: Tx, f: AuditFilter) {
  let q = trx.selectFrom("auditLogs").select(COLUMNS);
  if (f.tenantId) {
    const id = f.tenantId;
    // A tenant's own rows, and the platform's rows about it.
    q = q.where((eb) =>
      eb.or([
        eb("tenantId", "=", id),
        eb.and([eb("tenantId", "is", null), eb("resourceId", "=", id)]),
      ])
    );
  }
  if (f.actor) {
    q = /^[0-9a-f-]{36}$/i.test(f.actor)
      ? q.where("userId", "=", f.actor)
      : q.where("userType", "=", f.actor as "SUPERADMIN");
  }
  if (f.action) q = q.where("action", "like", `${f.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (f.resource) q = q.where("resource", "=", f.resource);
  if (f.from) q = q.where("createdAt", ">=", f.from);
  if (f.to) q = q.where("createdAt", "<", f.to);
  return q;
}

export type AuditRow = Awaited<ReturnType<typeof listAuditPage>>[number];

export function listAuditPage(trx: Tx, f: AuditFilter, page: number, perPage: number) {
  return filtered(trx, f).orderBy("createdAt", "desc").orderBy("id", "desc").limit(perPage)
    .offset((page - 1) * perPage).execute();
}

/** One batch for the export, newest first, after the row (createdAt, id) the last batch ended on. */
export function listAuditBatch(
  trx: Tx,
  f: AuditFilter,
  after: { createdAt: Date; id: string } | null,
  limit: number,
) {
  let q = filtered(trx, f);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("createdAt", "<", after.createdAt),
        eb.and([eb("createdAt", "=", after.createdAt), eb("id", "<", after.id)]),
      ])
    );
  }
  return q.orderBy("createdAt", "desc").orderBy("id", "desc").limit(limit).execute();
}

export async function findAuditRow(trx: Tx, id: string) {
  return (await trx.selectFrom("auditLogs").select(COLUMNS).where("id", "=", id)
    .executeTakeFirst()) ?? null;
}
