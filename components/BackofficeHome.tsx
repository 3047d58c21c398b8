import type { TenantOverviewRow } from "../lib/backoffice/backoffice_repo.ts";

export function BackofficeHome(
  { adminName, tenants, csrfToken }: {
    adminName: string;
    tenants: TenantOverviewRow[];
    csrfToken: string;
  },
) {
  return (
    <div>
      <header class="flex items-center justify-between bg-indigo-950 px-4 py-3 text-white">
        <span class="font-semibold">StoreHub QMS back office</span>
        <form method="post" action="/backoffice/logout" class="flex items-center gap-3 text-sm">
          <span class="text-indigo-200">{adminName}</span>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="rounded bg-indigo-800 px-3 py-1">Sign out</button>
        </form>
      </header>
      <main class="mx-auto max-w-5xl px-4 py-6">
        <h1 class="text-xl font-bold">Tenants</h1>
        <table class="mt-4 w-full bg-white text-left text-sm shadow-sm">
          <thead class="bg-slate-100">
            <tr>
              <th class="p-2">Name</th>
              <th class="p-2">Subdomain</th>
              <th class="p-2">Custom domain</th>
              <th class="p-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((t) => (
              <tr key={t.id} class="border-t">
                <td class="p-2 font-medium">{t.name}</td>
                <td class="p-2">{t.slug}</td>
                <td class="p-2">{t.domain ?? "—"}</td>
                <td class="p-2">{t.isActive ? "Active" : "Inactive"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </div>
  );
}
