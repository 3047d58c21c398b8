import { listAuditLogs } from "../../lib/audit/audit_repo.ts";
import { sql } from "kysely";
import { withPlatform } from "../../lib/db/transaction_repo.ts";
import type { TestApp } from "./test_app.ts";
import { type FormBrowser, openBrowser, signInWithForm } from "./forms.ts";

export const ADMIN_HOST = "http://admin.localhost";

/** The platform's audit rows about one record, newest first (read on the platform path). */
export function platformAuditFor(app: TestApp, resourceId: string) {
  return withPlatform(app.deps.db, (trx) => listAuditLogs(trx, { resourceId }));
}

/** A back-office admin signed in through the sign-in form. */
export async function adminBrowser(app: TestApp, ip?: string): Promise<FormBrowser> {
  const browser = openBrowser(app, ADMIN_HOST, { ip });
  await signInWithForm(browser, "/backoffice/login", {
    email: "admin@qms.test",
    password: "admin1234",
  });
  return browser;
}

/** Headers of a script's JSON call from a back-office page, with the browser's cookies. */
export function jsonHeaders(browser: FormBrowser): Record<string, string> {
  return {
    "content-type": "application/json",
    accept: "application/json",
    origin: ADMIN_HOST,
    "sec-fetch-site": "same-origin",
    cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
  };
}

/** Rows one tenant still has in a few of its tables, read on the platform path. */
export function countTenantRows(app: TestApp, tenantId: string) {
  return withPlatform(app.deps.db, async (trx) => {
    const { rows } = await sql<
      { queues: number; merchants: number; tenantUsers: number; auditLogs: number }
    >`select (select count(*)::int from queues where tenant_id = ${tenantId}) as queues,
        (select count(*)::int from merchants where tenant_id = ${tenantId}) as merchants,
        (select count(*)::int from tenant_users where tenant_id = ${tenantId}) as "tenantUsers",
        (select count(*)::int from audit_logs where tenant_id = ${tenantId}) as "auditLogs"`
      .execute(trx);
    return rows[0]!;
  });
}
