import { Field } from "../Field.tsx";
import {
  FLAG_LABELS,
  FLAG_NAMES,
  LIMIT_LABELS,
  LIMIT_NAMES,
  PLANS,
} from "../../lib/backoffice/plan_terms.ts";
import {
  type PlatformSettings,
  SIGNUP_POLICIES,
} from "../../lib/backoffice/platform_settings_schema.ts";
import { BUTTON, Csrf, INPUT, Notice } from "./BackofficeShell.tsx";

const POLICY_LABELS: Record<(typeof SIGNUP_POLICIES)[number], string> = {
  closed: "Closed: only the back office creates tenants",
  invite_only: "Invite only: the back office creates tenants and invites their owners",
  open: "Open: anyone may ask for a tenant",
};

/** The platform settings form: name, support, banner, sign-up policy, plan defaults and prices. */
export function SettingsPage(
  { settings, csrfToken, values, fields = {}, message, ok }: {
    settings: PlatformSettings;
    csrfToken: string;
    values?: Record<string, string>;
    fields?: Record<string, string>;
    message?: string;
    ok?: string;
  },
) {
  const v = (name: string, fallback: string) => values?.[name] ?? fallback;
  return (
    <section class="mt-4 rounded-lg bg-white p-4 shadow-sm">
      <Notice error={message} ok={ok} />
      <form method="post" action="/backoffice/settings" class="mt-3" novalidate>
        <Csrf token={csrfToken} />
        <Field
          name="platformName"
          label="Platform name"
          value={v("platformName", settings.platformName)}
          error={fields.platformName}
        />
        <Field
          name="supportEmail"
          label="Support email"
          value={v("supportEmail", settings.supportEmail)}
          error={fields.supportEmail}
          inputProps={{ type: "email" }}
        />
        <Field
          name="maintenanceBanner"
          label="Maintenance banner (shown on every tenant page; empty for none)"
          value={v("maintenanceBanner", settings.maintenanceBanner ?? "")}
          error={fields.maintenanceBanner}
          multiline
        />
        <label class="mb-4 block">
          <span class="text-sm font-medium text-slate-700">Sign-up policy</span>
          <select name="signupPolicy" class={INPUT}>
            {SIGNUP_POLICIES.map((p) => (
              <option key={p} value={p} selected={v("signupPolicy", settings.signupPolicy) === p}>
                {POLICY_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        {PLANS.map((plan) => (
          <fieldset key={plan} class="mb-4 rounded border p-3">
            <legend class="px-1 font-semibold">{plan} plan defaults</legend>
            <div class="grid gap-x-4 sm:grid-cols-4">
              <Field
                name={`plans.${plan}.priceMonthly`}
                label="Price a month (MYR)"
                value={v(`plans.${plan}.priceMonthly`, String(settings.plans[plan].priceMonthly))}
                error={fields[`plans.${plan}.priceMonthly`]}
                inputProps={{ type: "number", min: 0, step: "0.01" }}
              />
              {LIMIT_NAMES.map((name) => (
                <Field
                  key={name}
                  name={`plans.${plan}.${name}`}
                  label={LIMIT_LABELS[name]}
                  value={v(`plans.${plan}.${name}`, String(settings.plans[plan][name]))}
                  error={fields[`plans.${plan}.${name}`]}
                  inputProps={{ type: "number", min: 0 }}
                />
              ))}
            </div>
            {FLAG_NAMES.map((name) => (
              <label key={name} class="mr-4 inline-flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name={`plans.${plan}.${name}`}
                  checked={values
                    ? values[`plans.${plan}.${name}`] === "on"
                    : settings.plans[plan][name]}
                />
                {FLAG_LABELS[name]}
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit" class={BUTTON}>Save settings</button>
      </form>
    </section>
  );
}
