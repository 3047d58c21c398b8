import { type Context, Hono } from "hono";
import { z } from "zod";
import type { VNode } from "preact";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { param } from "../../../lib/http/input.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { wantsJson } from "../../../lib/http/request_context.ts";
import { fieldErrors, HttpError } from "../../../lib/http/errors.ts";
import { withPlatform } from "../../../lib/db/transaction_repo.ts";
import { notFoundError } from "../../../lib/errors.ts";
import {
  auditFilterOf,
  type AuditQuery,
  AuditQuerySchema,
} from "../../../lib/backoffice/audit_filter.ts";
import { findAuditRow, listAuditPage } from "../../../lib/backoffice/audit_query_repo.ts";
import { auditCsvStream } from "../../../lib/backoffice/audit_export.ts";
import { BackofficeShell } from "../../../components/backoffice/BackofficeShell.tsx";
import { AuditDetails, AuditList } from "../../../components/backoffice/AuditLog.tsx";

/** `/backoffice/audit`: every audit row (back-office actions and security events), read-only. */
const app = new Hono<BackofficeEnv>();
const PER_PAGE = 50;

function shell(c: Context<BackofficeEnv>, title: string, body: VNode) {
  return (
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/audit"
      title={title}
    >
      {body}
    </BackofficeShell>
  );
}

/** The filters; bad ones are a 422 naming them (the page shows them beside its inputs). */
function readQuery(c: Context<BackofficeEnv>): AuditQuery {
  const parsed = AuditQuerySchema.safeParse(c.req.query());
  if (!parsed.success) {
    throw new HttpError(422, "Please check the highlighted filters", {
      fields: fieldErrors(parsed.error.issues),
    });
  }
  return parsed.data;
}

app.get("/", async function auditList(c) {
  let q: AuditQuery;
  try {
    q = readQuery(c);
  } catch (err) {
    if (!(err instanceof HttpError) || wantsJson(c)) throw err;
    const blank = AuditQuerySchema.parse({});
    return renderPage(
      c,
      "Audit log · Back office",
      shell(
        c,
        "Audit log",
        <AuditList rows={[]} q={blank} message={err.message} fields={err.options.fields} />,
      ),
      422,
    );
  }
  const rows = await withPlatform(
    c.get("deps").db,
    (trx) => listAuditPage(trx, auditFilterOf(q), q.page, PER_PAGE),
  );
  if (wantsJson(c)) return c.json({ rows, page: q.page });
  return renderPage(
    c,
    "Audit log · Back office",
    shell(c, "Audit log", <AuditList rows={rows} q={q} />),
  );
});

app.get("/export.csv", function auditExport(c) {
  const q = readQuery(c);
  const stamp = new Date().toISOString().slice(0, 10);
  return c.body(auditCsvStream(c.get("deps").db, auditFilterOf(q)), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="audit-${stamp}.csv"`,
    "cache-control": "no-store",
  });
});

app.get("/:id{[0-9a-fA-F-]{36}}", async function auditShow(c) {
  const id = param(z.uuid(), c.req.param("id"));
  const row = await withPlatform(c.get("deps").db, (trx) => findAuditRow(trx, id));
  if (!row) throw notFoundError("audit_log");
  if (wantsJson(c)) return c.json({ row });
  return renderPage(
    c,
    "Audit entry · Back office",
    shell(c, row.action, <AuditDetails row={row} />),
  );
});

export default app;
