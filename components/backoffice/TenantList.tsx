import type { TenantListRow } from "../../lib/backoffice/tenant_admin_repo.ts";
import type { TenantListQuery } from "../../lib/backoffice/tenant_schema.ts";
import { PLANS } from "../../lib/backoffice/plan_terms.ts";
import { INPUT } from "./BackofficeShell.tsx";

function href(query: TenantListQuery, change: Partial<TenantListQuery>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) {
    if (v !== undefined && v !== "") params.set(k, String(v));
  }
  return `/backoffice/tenants?${params}`;
}

/** The tenants table with its search, filters, sorting and pages. */
export function TenantList(
  { rows, total, query }: { rows: TenantListRow[]; total: number; query: TenantListQuery },
) {
  const pages = Math.max(1, Math.ceil(total / query.perPage));
  const sortLink = (col: TenantListQuery["sort"], label: string) => (
    <a
      href={href(query, {
        sort: col,
        dir: query.sort === col && query.dir === "asc" ? "desc" : "asc",
        page: 1,
      })}
      class="underline"
    >
      {label}
      {query.sort === col ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
    </a>
  );
  return (
    <section class="mt-4">
      <form
        method="get"
        action="/backoffice/tenants"
        class="grid gap-2 sm:grid-cols-4"
        role="search"
      >
        <label class="sm:col-span-2">
          <span class="text-sm font-medium">Search</span>
          <input
            name="q"
            value={query.q ?? ""}
            class={INPUT}
            placeholder="Name, subdomain, domain or owner email"
          />
        </label>
        <label>
          <span class="text-sm font-medium">Filter by status</span>
          <select name="status" class={INPUT}>
            <option value="">Any</option>
            <option value="active" selected={query.status === "active"}>Active</option>
            <option value="inactive" selected={query.status === "inactive"}>Inactive</option>
          </select>
        </label>
        <label>
          <span class="text-sm font-medium">Filter by plan</span>
          <select name="plan" class={INPUT}>
            <option value="">Any</option>
            {PLANS.map((p) => <option key={p} value={p} selected={query.plan === p}>{p}</option>)}
          </select>
        </label>
        <button
          type="submit"
          class="rounded-lg border px-4 py-2 sm:col-span-4 sm:justify-self-start"
        >
          Search
        </button>
      </form>
      <p class="mt-3 text-sm text-slate-600" data-testid="tenant-count">
        {total} tenant{total === 1 ? "" : "s"}
      </p>
      <div class="mt-2 overflow-x-auto">
        <table class="w-full min-w-[36rem] bg-white text-left text-sm shadow-sm">
          <thead class="bg-slate-100">
            <tr>
              <th class="p-2">{sortLink("name", "Name")}</th>
              <th class="p-2">{sortLink("slug", "Subdomain")}</th>
              <th class="p-2">Custom domain</th>
              <th class="p-2">{sortLink("plan", "Plan")}</th>
              <th class="p-2">Owner</th>
              <th class="p-2">Status</th>
              <th class="p-2">{sortLink("createdAt", "Created")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id} class="border-t">
                <td class="p-2 font-medium">
                  <a href={`/backoffice/tenants/${t.id}`} class="text-indigo-700 underline">
                    {t.name}
                  </a>
                </td>
                <td class="p-2">{t.slug}</td>
                <td class="p-2">{t.domain ?? "—"}</td>
                <td class="p-2">{t.plan ?? "—"}</td>
                <td class="p-2">{t.ownerEmail ?? "—"}</td>
                <td class="p-2">{t.isActive ? "Active" : "Inactive"}</td>
                <td class="p-2">{t.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" class="mt-3 flex gap-3 text-sm">
        {query.page > 1 && <a href={href(query, { page: query.page - 1 })}>Previous</a>}
        <span>Page {query.page} of {pages}</span>
        {query.page < pages && <a href={href(query, { page: query.page + 1 })}>Next</a>}
      </nav>
    </section>
  );
}
