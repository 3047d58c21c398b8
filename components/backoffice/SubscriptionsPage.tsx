import type { listSubscriptions } from "../../lib/backoffice/subscriptions_repo.ts";
import type { PlatformSettings } from "../../lib/backoffice/platform_settings_schema.ts";
import { FLAG_LABELS, FLAG_NAMES, PLANS } from "../../lib/backoffice/plan_terms.ts";
import { SUBSCRIPTION_STATUSES } from "../../lib/backoffice/tenant_schema.ts";
import { INPUT } from "./BackofficeShell.tsx";

type Rows = Awaited<ReturnType<typeof listSubscriptions>>;
const day = (d: Date | null) => d ? d.toISOString().slice(0, 10) : "—";

/** The plans (defaults and prices from the settings) and every tenant's subscription. */
export function SubscriptionsPage(
  { rows, settings, plan, status }: {
    rows: Rows;
    settings: PlatformSettings;
    plan?: string;
    status?: string;
  },
) {
  return (
    <div>
      <div class="mt-4 grid gap-2 sm:grid-cols-4">
        {PLANS.map((p) => {
          const t = settings.plans[p];
          return (
            <div key={p} class="rounded-lg bg-white p-3 text-sm shadow-sm" data-plan={p}>
              <p class="font-semibold">{p}</p>
              <p>MYR {t.priceMonthly.toFixed(2)} a month</p>
              <p>
                {t.maxMerchants} locations · {t.maxQueuesPerMerchant} queues each ·{" "}
                {t.maxUsersPerTenant} users
              </p>
              <p>{FLAG_NAMES.filter((f) => t[f]).map((f) => FLAG_LABELS[f]).join(", ") || "—"}</p>
            </div>
          );
        })}
      </div>
      <p class="mt-2 text-sm">
        Defaults and prices are set in{" "}
        <a class="underline" href="/backoffice/settings">Settings</a>; a tenant's own limits and
        features on its page.
      </p>
      <form
        method="get"
        action="/backoffice/subscriptions"
        class="mt-4 flex flex-wrap items-end gap-2"
      >
        <label>
          <span class="text-sm font-medium">Filter by plan</span>
          <select name="plan" class={INPUT}>
            <option value="">Any</option>
            {PLANS.map((p) => <option key={p} value={p} selected={plan === p}>{p}</option>)}
          </select>
        </label>
        <label>
          <span class="text-sm font-medium">Filter by status</span>
          <select name="status" class={INPUT}>
            <option value="">Any</option>
            {SUBSCRIPTION_STATUSES.map((s) => (
              <option key={s} value={s} selected={status === s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="submit" class="rounded-lg border px-4 py-2">Show</button>
      </form>
      <div class="mt-3 overflow-x-auto">
        <table class="w-full min-w-[40rem] bg-white text-left text-sm shadow-sm">
          <thead class="bg-slate-100">
            <tr>
              <th class="p-2">Tenant</th>
              <th class="p-2">Plan</th>
              <th class="p-2">Status</th>
              <th class="p-2">Billing</th>
              <th class="p-2">Start – end</th>
              <th class="p-2">Limits</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.tenantId} class="border-t">
                <td class="p-2">
                  <a class="text-indigo-700 underline" href={`/backoffice/tenants/${r.tenantId}`}>
                    {r.name}
                  </a>
                  {r.isActive ? "" : " (inactive)"}
                </td>
                <td class="p-2">{r.plan}</td>
                <td class="p-2">{r.status}</td>
                <td class="p-2">{r.billingCycle}</td>
                <td class="p-2">{day(r.startDate)} – {day(r.endDate)}</td>
                <td class="p-2">
                  {r.maxMerchants}/{r.maxQueuesPerMerchant}/{r.maxUsersPerTenant}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
