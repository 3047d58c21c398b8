import type { AuditRow } from "../../lib/backoffice/audit_query_repo.ts";
import type { AuditQuery } from "../../lib/backoffice/audit_filter.ts";
import { INPUT, Notice } from "./BackofficeShell.tsx";

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

function query(q: AuditQuery, page?: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...q, page: page ?? q.page })) {
    if (v !== undefined && v !== "") p.set(k, String(v));
  }
  return p.toString();
}

/** The audit log with its filters, pages and the CSV export of what is filtered. */
export function AuditList(
  { rows, q, message, fields = {} }: {
    rows: AuditRow[];
    q: AuditQuery;
    message?: string;
    fields?: Record<string, string>;
  },
) {
  const input = (name: keyof AuditQuery, label: string, type = "text") => (
    <label>
      <span class="text-sm font-medium">{label}</span>
      <input name={name} type={type} value={String(q[name] ?? "")} class={INPUT} />
      {fields[name] && <span class="text-sm text-red-700">{fields[name]}</span>}
    </label>
  );
  return (
    <section class="mt-4">
      <Notice error={message} />
      <form method="get" action="/backoffice/audit" role="search" class="grid gap-2 sm:grid-cols-3">
        {input("tenantId", "Tenant id")}
        {input("actor", "Actor (user id or type)")}
        {input("action", "Action (e.g. tenant.)")}
        {input("resource", "Resource (e.g. tenant)")}
        {input("from", "From", "date")}
        {input("to", "To", "date")}
        <button type="submit" class="rounded-lg border px-4 py-2 sm:justify-self-start">
          Filter
        </button>
      </form>
      <p class="mt-3 text-sm">
        <a class="underline" href={`/backoffice/audit/export.csv?${query(q)}`}>
          Export these rows as CSV
        </a>
      </p>
      <ul class="mt-2 divide-y rounded-lg bg-white text-sm shadow-sm">
        {rows.map((r) => (
          <li key={r.id} class="flex flex-wrap justify-between gap-2 p-2">
            <a class="font-medium text-indigo-700 underline" href={`/backoffice/audit/${r.id}`}>
              {r.action}
            </a>
            <span>
              {r.resource} · {r.userType} · {when(r.createdAt)} · {r.ipAddress ?? "—"}
            </span>
          </li>
        ))}
        {rows.length === 0 && <li class="p-2">No rows match.</li>}
      </ul>
      <nav aria-label="Pages" class="mt-3 flex gap-3 text-sm">
        {q.page > 1 && <a href={`/backoffice/audit?${query(q, q.page - 1)}`}>Newer</a>}
        <span>Page {q.page}</span>
        {rows.length === 50 && <a href={`/backoffice/audit?${query(q, q.page + 1)}`}>Older</a>}
      </nav>
    </section>
  );
}

export function AuditDetails({ row }: { row: AuditRow }) {
  return (
    <section class="mt-4 rounded-lg bg-white p-4 text-sm shadow-sm">
      <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt class="font-medium">When</dt>
        <dd>{when(row.createdAt)} UTC</dd>
        <dt class="font-medium">Who</dt>
        <dd>{row.userType} {row.userId ?? ""}</dd>
        <dt class="font-medium">Resource</dt>
        <dd>{row.resource} {row.resourceId ?? ""}</dd>
        <dt class="font-medium">Tenant</dt>
        <dd>{row.tenantId ?? "platform"}</dd>
        <dt class="font-medium">IP address</dt>
        <dd data-testid="audit-ip">{row.ipAddress ?? "—"}</dd>
        <dt class="font-medium">User agent</dt>
        <dd class="break-all" data-testid="audit-ua">{row.userAgent ?? "—"}</dd>
      </dl>
      <h2 class="mt-4 font-semibold">Details</h2>
      <pre class="mt-2 overflow-x-auto rounded bg-slate-100 p-3" data-testid="audit-details">
        {JSON.stringify(row.details, null, 2)}
      </pre>
    </section>
  );
}
