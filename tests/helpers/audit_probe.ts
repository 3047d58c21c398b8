import { listAuditLogs } from "../../lib/audit/audit_repo.ts";
import { withTenant } from "../../lib/db/transaction_repo.ts";
import type { TestApp } from "./test_app.ts";

export async function auditFor(app: TestApp, tenantSlug: string, resourceId: string) {
  const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: tenantSlug });
  return await withTenant(
    app.deps.db,
    tenant!.id,
    (trx) => listAuditLogs(trx, resourceId ? { resourceId } : {}),
  );
}
