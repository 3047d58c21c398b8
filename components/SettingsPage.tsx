import type { BusinessSettings, PlanSummary } from "../lib/merchant/merchant_repo.ts";
import { Field } from "./Field.tsx";

export interface SettingsPageProps {
  settings: BusinessSettings;
  /** Shown to owners only: the plan is a billing-level matter. */
  plan: PlanSummary | null;
  csrfToken: string;
  notice?: string;
  error?: { message: string; fields?: Record<string, string>; values?: Record<string, string> };
}

export function SettingsPage({ settings, plan, csrfToken, notice, error }: SettingsPageProps) {
  const v = { ...settings, ...(error?.values ?? {}) } as Record<string, unknown>;
  const f = error?.fields ?? {};
  const text = (k: string) => (v[k] === null || v[k] === undefined ? "" : String(v[k]));
  return (
    <div class="grid gap-6 md:grid-cols-3">
      <section class="rounded-xl bg-white p-4 shadow-sm md:col-span-2">
        <h1 class="mb-4 text-xl font-bold">Business settings</h1>
        {notice && <p role="status" class="mb-3 text-sm text-emerald-700">{notice}</p>}
        {error && (
          <p role="alert" class="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {error.message}
          </p>
        )}
        <form method="post" action="/dashboard/settings" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Field
            name="businessName"
            label="Business name"
            value={text("businessName")}
            error={f.businessName}
            inputProps={{ maxLength: 100 }}
            counter
          />
          <Field
            name="email"
            label="Contact email"
            value={text("email")}
            error={f.email}
            inputProps={{ type: "email" }}
          />
          <Field
            name="phone"
            label="Phone"
            value={text("phone")}
            error={f.phone}
            inputProps={{ type: "tel" }}
          />
          <Field
            name="timezone"
            label="Time zone (queue hours and ticket days follow it)"
            value={text("timezone")}
            error={f.timezone}
          />
          <Field
            name="brandColor"
            label="Brand colour"
            value={text("brandColor")}
            error={f.brandColor}
          />
          <button type="submit" class="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white">
            Save settings
          </button>
        </form>
      </section>
      {plan && (
        <section class="rounded-xl bg-white p-4 shadow-sm" data-testid="plan">
          <h2 class="font-semibold">Plan</h2>
          <p class="mt-2 text-2xl font-bold">{plan.plan}</p>
          <p class="text-sm text-slate-600">{plan.status} · billed {plan.billingCycle}</p>
          <ul class="mt-3 text-sm text-slate-700">
            <li>{plan.maxQueuesPerMerchant} queues per location</li>
            <li>{plan.maxUsersPerTenant} users</li>
            <li>{plan.maxMerchants} location{plan.maxMerchants === 1 ? "" : "s"}</li>
          </ul>
        </section>
      )}
    </div>
  );
}
