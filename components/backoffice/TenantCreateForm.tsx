import { Field } from "../Field.tsx";
import { PLANS } from "../../lib/backoffice/plan_terms.ts";
import { BUTTON, Csrf, INPUT, Notice } from "./BackofficeShell.tsx";

/**
 * The create form. Its subdomain field asks `/backoffice/tenants/check-slug` as one types (a
 * small inline script; without it the server still refuses a taken or invalid slug).
 */
export function TenantCreateForm(
  { csrfToken, values = {}, fields = {}, message, baseDomain, nonce }: {
    csrfToken: string;
    values?: Record<string, string>;
    fields?: Record<string, string>;
    message?: string;
    baseDomain: string;
    nonce: string;
  },
) {
  return (
    <section class="mt-6 rounded-lg bg-white p-4 shadow-sm">
      <h2 class="text-lg font-semibold">New tenant</h2>
      <Notice error={message} />
      <form method="post" action="/backoffice/tenants" class="mt-3" novalidate>
        <Csrf token={csrfToken} />
        <Field name="name" label="Business name" value={values.name} error={fields.name} />
        <Field
          name="slug"
          label="Subdomain"
          value={values.slug}
          error={fields.slug}
          hint={`3–50 characters: a-z, 0-9 and inner hyphens; the tenant answers on slug.${baseDomain}`}
          inputProps={{ autocomplete: "off" }}
        />
        <p id="slug-check" class="-mt-3 mb-4 text-sm" aria-live="polite"></p>
        <Field
          name="ownerEmail"
          label="Owner email (gets an invitation to choose a password)"
          value={values.ownerEmail}
          error={fields.ownerEmail}
          inputProps={{ type: "email", autocomplete: "off" }}
        />
        <Field name="ownerName" label="Owner name (optional)" value={values.ownerName} />
        <label class="mb-4 block">
          <span class="text-sm font-medium text-slate-700">Plan</span>
          <select name="plan" class={INPUT}>
            {PLANS.map((p) => <option key={p} value={p} selected={values.plan === p}>{p}</option>)}
          </select>
          {fields.plan && <span class="text-sm text-red-700">{fields.plan}</span>}
        </label>
        <button type="submit" class={BUTTON}>Create tenant</button>
      </form>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: CHECK_SLUG_SCRIPT }} />
    </section>
  );
}

const CHECK_SLUG_SCRIPT = `(() => {
  const input = document.getElementById("f-slug");
  const out = document.getElementById("slug-check");
  if (!input || !out) return;
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const slug = input.value.trim();
      if (!slug) { out.textContent = ""; return; }
      try {
        const res = await fetch("/backoffice/tenants/check-slug?slug=" + encodeURIComponent(slug),
          { headers: { accept: "application/json" } });
        const body = await res.json();
        out.textContent = body.available ? "Available" : (body.reason || "Not available");
        out.className = "-mt-3 mb-4 text-sm " + (body.available ? "text-green-700" : "text-red-700");
      } catch { out.textContent = ""; }
    }, 250);
  });
})();`;
