import type { BusinessSettings, PlanSummary } from "../lib/merchant/merchant_repo.ts";
import { Field } from "./Field.tsx";
import { LOCALE_NAMES, LOCALES } from "../lib/i18n/locales.ts";

/** The customer pages' language for visitors whose browser asks for none of ours. */
function LocaleSelect({ value, error }: { value: string; error?: string }) {
  return (
    <div class="mb-4">
      <label for="f-defaultLocale" class="block text-sm font-medium text-slate-700">
        Customer pages' language (when the visitor's browser asks for none of these)
      </label>
      <select
        id="f-defaultLocale"
        name="defaultLocale"
        class="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base"
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? "f-defaultLocale-error" : undefined}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} selected={value === l}>{LOCALE_NAMES[l]}</option>
        ))}
      </select>
      {error && <p id="f-defaultLocale-error" class="mt-1 text-sm text-red-700">{error}</p>}
    </div>
  );
}

export interface SettingsPageProps {
  settings: BusinessSettings;
  /** Shown to owners only: the plan is a billing-level matter. */
  plan: PlanSummary | null;
  csrfToken: string;
  /** The IANA time zones to choose from. */
  timeZones: readonly string[];
  /** Whether the plan shows the brand colour and logo on customers' pages. */
  customBranding: boolean;
  notice?: string;
  error?: { message: string; fields?: Record<string, string>; values?: Record<string, string> };
}

export function SettingsPage(
  { settings, plan, csrfToken, timeZones, customBranding, notice, error }: SettingsPageProps,
) {
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
          <div class="mb-4">
            <label for="f-timezone" class="block text-sm font-medium text-slate-700">
              Time zone (queue hours and ticket days follow it)
            </label>
            <select
              id="f-timezone"
              name="timezone"
              class={`mt-1 block w-full rounded-lg border px-3 py-2 ${
                f.timezone ? "border-red-500 bg-red-50" : "border-slate-300 bg-white"
              }`}
              aria-invalid={f.timezone ? "true" : undefined}
              aria-describedby={f.timezone ? "f-timezone-error" : undefined}
            >
              {!timeZones.includes(text("timezone")) && (
                <option value={text("timezone")} selected>{text("timezone")}</option>
              )}
              {timeZones.map((tz) => (
                <option key={tz} value={tz} selected={tz === text("timezone")}>{tz}</option>
              ))}
            </select>
            {f.timezone && (
              <p id="f-timezone-error" class="mt-1 text-sm text-red-700">{f.timezone}</p>
            )}
          </div>
          <div class="mb-4">
            <label for="f-brandColor" class="block text-sm font-medium text-slate-700">
              Brand colour
            </label>
            <input
              id="f-brandColor"
              name="brandColor"
              type="color"
              value={text("brandColor") || "#4f46e5"}
              class="mt-1 h-10 w-20 rounded border border-slate-300 bg-white"
              aria-invalid={f.brandColor ? "true" : undefined}
              aria-describedby={f.brandColor ? "f-brandColor-error" : "f-brandColor-hint"}
            />
            {f.brandColor
              ? <p id="f-brandColor-error" class="mt-1 text-sm text-red-700">{f.brandColor}</p>
              : (
                <p id="f-brandColor-hint" class="mt-1 text-sm text-slate-600">
                  {customBranding
                    ? "Customers' pages use it for buttons and headings."
                    : "Your plan does not include custom branding: customers' pages keep the standard colours."}
                </p>
              )}
          </div>
          <Field
            name="logoUrl"
            label="Logo address (https://…, optional)"
            value={text("logoUrl")}
            error={f.logoUrl}
            inputProps={{ type: "url", maxLength: 500, inputMode: "url" }}
          />
          <LocaleSelect value={text("defaultLocale")} error={f.defaultLocale} />
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
