import type { TenantDetails } from "../../lib/backoffice/tenant_queries.ts";
import { Field } from "../Field.tsx";
import {
  FLAG_LABELS,
  FLAG_NAMES,
  LIMIT_LABELS,
  LIMIT_NAMES,
  PLANS,
} from "../../lib/backoffice/plan_terms.ts";
import { BILLING_CYCLES, SUBSCRIPTION_STATUSES } from "../../lib/backoffice/tenant_schema.ts";
import { BUTTON, BUTTON_DANGER, Csrf, INPUT, Notice } from "./BackofficeShell.tsx";

export interface TenantPageState {
  values?: Record<string, string>;
  fields?: Record<string, string>;
  message?: string;
  ok?: string;
  /** Which form the message belongs to. */
  form?: "edit" | "toggle" | "delete";
}

function Select(
  { name, label, options, value }: {
    name: string;
    label: string;
    options: readonly string[];
    value: string;
  },
) {
  return (
    <label class="mb-4 block">
      <span class="text-sm font-medium text-slate-700">{label}</span>
      <select name={name} class={INPUT}>
        {options.map((o) => <option key={o} value={o} selected={o === value}>{o}</option>)}
      </select>
    </label>
  );
}

/** A tenant's details, usage against its limits, and the edit, suspend and delete forms. */
export function TenantDetailsPage(
  { details, csrfToken, baseDomain, state = {} }: {
    details: TenantDetails;
    csrfToken: string;
    baseDomain: string;
    state?: TenantPageState;
  },
) {
  const { tenant, usage, queues, users, activity } = details;
  const sub = tenant.subscription;
  const v = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  const f = state.fields ?? {};
  const action = `/backoffice/tenants/${tenant.id}`;
  return (
    <div>
      <p class="mt-1 text-sm text-slate-600">
        <a class="underline" href={`//${tenant.slug}.${baseDomain}/`}>{tenant.slug}.{baseDomain}</a>
        {" · "}
        <strong data-testid="tenant-status">{tenant.isActive ? "Active" : "Inactive"}</strong>
        · plan {sub?.plan ?? "none"} ({sub?.status ?? "—"})
      </p>
      {tenant.domain && (
        <p class="mt-2 rounded bg-slate-100 p-3 text-sm" data-testid="dns-record">
          DNS for the custom domain: <code>{tenant.domain}. CNAME {tenant.slug}.{baseDomain}.</code>
          {" "}
          (the certificate is issued on the first visit once the record resolves)
        </p>
      )}
      <h2 class="mt-6 text-lg font-semibold">Usage</h2>
      <ul class="mt-2 grid gap-2 text-sm sm:grid-cols-3" data-testid="usage">
        <li class="rounded bg-white p-3 shadow-sm">
          Locations: {usage.merchants} of {sub?.maxMerchants ?? "—"}
        </li>
        <li class="rounded bg-white p-3 shadow-sm">
          Queues per location (most): {usage.queuesPerMerchant} of{" "}
          {sub?.maxQueuesPerMerchant ?? "—"}
        </li>
        <li class="rounded bg-white p-3 shadow-sm">
          Active users: {usage.users} of {sub?.maxUsersPerTenant ?? "—"}
        </li>
      </ul>

      <section class="mt-6 rounded-lg bg-white p-4 shadow-sm">
        <h2 class="text-lg font-semibold">Edit</h2>
        {state.form === "edit" && <Notice error={state.message} ok={state.ok} />}
        <form method="post" action={action} class="mt-3" novalidate>
          <Csrf token={csrfToken} />
          <Field name="name" label="Business name" value={v("name", tenant.name)} error={f.name} />
          <Field name="slug" label="Subdomain" value={v("slug", tenant.slug)} error={f.slug} />
          <Field
            name="domain"
            label="Custom domain (optional)"
            value={v("domain", tenant.domain ?? "")}
            error={f.domain}
            hint={`Point a CNAME at ${tenant.slug}.${baseDomain}`}
          />
          <div class="grid gap-x-4 sm:grid-cols-3">
            <Select
              name="plan"
              label="Plan"
              options={PLANS}
              value={v("plan", sub?.plan ?? "FREE")}
            />
            <Select
              name="status"
              label="Subscription status"
              options={SUBSCRIPTION_STATUSES}
              value={v("status", sub?.status ?? "active")}
            />
            <Select
              name="billingCycle"
              label="Billing cycle"
              options={BILLING_CYCLES}
              value={v("billingCycle", sub?.billingCycle ?? "monthly")}
            />
          </div>
          <Field
            name="endDate"
            label="Subscription ends (optional)"
            value={v("endDate", sub?.endDate ? sub.endDate.toISOString().slice(0, 10) : "")}
            error={f.endDate}
            inputProps={{ type: "date" }}
          />
          <div class="grid gap-x-4 sm:grid-cols-3">
            {LIMIT_NAMES.map((name) => (
              <Field
                key={name}
                name={name}
                label={LIMIT_LABELS[name]}
                value={v(name, String(sub?.[name] ?? 0))}
                error={f[name]}
                inputProps={{ type: "number", min: 0, inputMode: "numeric" }}
              />
            ))}
          </div>
          <fieldset class="mb-4">
            <legend class="text-sm font-medium text-slate-700">Features</legend>
            {FLAG_NAMES.map((name) => (
              <label key={name} class="mr-4 inline-flex items-center gap-2">
                <input
                  type="checkbox"
                  name={name}
                  checked={state.values ? state.values[name] === "on" : !!sub?.[name]}
                />
                {FLAG_LABELS[name]}
              </label>
            ))}
          </fieldset>
          <label class="mb-4 flex items-center gap-2 text-sm">
            <input type="checkbox" name="useDefaults" />
            Reset limits and features to the plan's defaults (from the settings)
          </label>
          <button type="submit" class={BUTTON}>Save changes</button>
        </form>
      </section>

      <section class="mt-6 rounded-lg bg-white p-4 shadow-sm">
        <h2 class="text-lg font-semibold">{tenant.isActive ? "Suspend" : "Restore"}</h2>
        {state.form === "toggle" && <Notice error={state.message} ok={state.ok} />}
        <p class="mt-1 text-sm text-slate-600">
          {tenant.isActive
            ? "Its pages answer “temporarily unavailable” and its staff cannot sign in."
            : "Its pages and sign-in work again."}
        </p>
        <form method="post" action={`${action}/toggle`} class="mt-3">
          <Csrf token={csrfToken} />
          <input type="hidden" name="isActive" value={tenant.isActive ? "false" : "true"} />
          <button type="submit" class={tenant.isActive ? BUTTON_DANGER : BUTTON}>
            {tenant.isActive ? "Deactivate tenant" : "Activate tenant"}
          </button>
        </form>
      </section>

      <section class="mt-6 grid gap-4 sm:grid-cols-2">
        <div class="rounded-lg bg-white p-4 shadow-sm">
          <h2 class="text-lg font-semibold">Queues</h2>
          <ul class="mt-2 text-sm">
            {queues.map((q) => (
              <li key={q.id}>
                {q.name} ({q.businessName}) · {q.waiting} waiting
                {q.isActive ? "" : " · off"}
              </li>
            ))}
            {queues.length === 0 && <li>No queues yet</li>}
          </ul>
        </div>
        <div class="rounded-lg bg-white p-4 shadow-sm">
          <h2 class="text-lg font-semibold">Users</h2>
          <ul class="mt-2 text-sm">
            {users.map((u) => (
              <li key={u.id}>
                <a class="underline" href={`/backoffice/users/${u.id}`}>{u.email}</a> · {u.role}
                {u.isActive ? "" : " · inactive"}
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section class="mt-6 rounded-lg bg-white p-4 shadow-sm">
        <h2 class="text-lg font-semibold">Recent activity</h2>
        <ul class="mt-2 text-sm">
          {activity.map((a) => (
            <li key={a.id}>
              {a.createdAt.toISOString().replace("T", " ").slice(0, 19)} · {a.action} ({a.userType})
            </li>
          ))}
        </ul>
      </section>

      <section class="mt-6 rounded-lg border border-red-200 bg-white p-4 shadow-sm">
        <h2 class="text-lg font-semibold text-red-800">Delete</h2>
        {state.form === "delete" && <Notice error={state.message} />}
        <p class="mt-1 text-sm text-slate-600">
          Deletes the tenant with its locations, queues, users and history. Refused while people
          wait.
        </p>
        <form method="post" action={`${action}/delete`} class="mt-3" novalidate>
          <Csrf token={csrfToken} />
          <Field
            name="confirmSlug"
            label={`Type ${tenant.slug} to confirm`}
            value={state.form === "delete" ? state.values?.confirmSlug : ""}
            error={f.confirmSlug}
            inputProps={{ autocomplete: "off" }}
          />
          <button type="submit" class={BUTTON_DANGER}>Delete tenant</button>
        </form>
      </section>
    </div>
  );
}
