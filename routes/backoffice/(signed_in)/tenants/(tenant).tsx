import { type Context, Hono } from "hono";
import { z } from "zod";
import type { BackofficeEnv } from "../../../../lib/http/app_env.ts";
import { isFormPost, param, readBody, validate } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import { wantsJson } from "../../../../lib/http/request_context.ts";
import { refusalOf, typedValues } from "../../../../lib/http/form_refusal.ts";
import { backofficeScope } from "../../../../lib/http/backoffice_scope.ts";
import {
  deleteTenant,
  setTenantActive,
  updateTenant,
} from "../../../../lib/backoffice/tenant_admin.ts";
import { tenantDetails } from "../../../../lib/backoffice/tenant_queries.ts";
import {
  DeleteTenantSchema,
  ToggleTenantSchema,
  UpdateTenantSchema,
} from "../../../../lib/backoffice/tenant_schema.ts";
import { FLAG_NAMES } from "../../../../lib/backoffice/plan_terms.ts";
import { BackofficeShell } from "../../../../components/backoffice/BackofficeShell.tsx";
import {
  TenantDetailsPage,
  type TenantPageState,
} from "../../../../components/backoffice/TenantDetailsPage.tsx";

/** `/backoffice/tenants/:id`: details, edit, suspend/restore and delete of one tenant. */
const app = new Hono<BackofficeEnv>();

/** Only a uuid is a tenant id, so `/backoffice/tenants/check-slug` is never taken for one. */
const ID = "/:id{[0-9a-fA-F-]{36}}";

function idOf(c: Context<BackofficeEnv>): string {
  return param(z.uuid(), c.req.param("id"));
}

const SAVED: Record<string, { form: TenantPageState["form"]; ok: string }> = {
  created: { form: "edit", ok: "Tenant created; the owner's invitation is on its way." },
  saved: { form: "edit", ok: "Saved. The tenant's host shows the change within 2 seconds." },
  toggled: { form: "toggle", ok: "Done." },
};

async function detailsPage(
  c: Context<BackofficeEnv>,
  id: string,
  state: TenantPageState = {},
  status: 200 | 404 | 409 | 422 = 200,
) {
  const details = await tenantDetails(c.get("deps").db, id);
  const flash = Object.keys(SAVED).find((k) => c.req.query(k));
  return renderPage(
    c,
    `${details.tenant.name} · Back office`,
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/tenants"
      title={details.tenant.name}
    >
      <TenantDetailsPage
        details={details}
        csrfToken={c.get("csrfToken")}
        baseDomain={c.get("deps").config.BASE_DOMAIN}
        state={flash && !state.form ? SAVED[flash] : state}
      />
    </BackofficeShell>,
    status,
  );
}

app.get(ID, async function tenantShow(c) {
  const id = idOf(c);
  if (wantsJson(c)) return c.json(await tenantDetails(c.get("deps").db, id));
  return await detailsPage(c, id);
});

/** A form's unticked boxes are absent: the edit form means "off" by them. */
function formEdit(body: Record<string, unknown>): Record<string, unknown> {
  const out = { ...body };
  for (const flag of [...FLAG_NAMES, "useDefaults"]) out[flag] = out[flag] ?? "false";
  return out;
}

/**
 * Runs a change; from a form, a refusal comes back on the details page beside that form, and
 * success is a redirect; the JSON twin answers the record (or the mapped error).
 */
async function change(
  c: Context<BackofficeEnv>,
  form: NonNullable<TenantPageState["form"]>,
  run: (body: Record<string, unknown>) => Promise<unknown>,
  done: string,
) {
  const id = idOf(c);
  const body = await readBody(c);
  if (!isFormPost(c)) {
    const result = await run(body);
    return c.json(result === undefined ? { deleted: true } : { tenant: result });
  }
  const err = await refusalOf(() => run(body), [404, 409, 422]);
  if (err) {
    return await detailsPage(
      c,
      id,
      { form, values: typedValues(body), fields: err.options.fields, message: err.message },
      err.status as 409,
    );
  }
  return c.redirect(done.replace(":id", id), 303);
}

for (const method of ["post", "patch"] as const) {
  app[method](ID, function tenantUpdate(c) {
    return change(c, "edit", (body) => {
      const input = validate(UpdateTenantSchema, isFormPost(c) ? formEdit(body) : body);
      return updateTenant(backofficeScope(c), idOf(c), input);
    }, "/backoffice/tenants/:id?saved=1");
  });
}

app.post(`${ID}/toggle`, function tenantToggle(c) {
  return change(c, "toggle", (body) => {
    const { isActive } = validate(ToggleTenantSchema, body);
    return setTenantActive(backofficeScope(c), idOf(c), isActive);
  }, "/backoffice/tenants/:id?toggled=1");
});

async function remove(c: Context<BackofficeEnv>, body: Record<string, unknown>) {
  const { confirmSlug } = validate(DeleteTenantSchema, body);
  await deleteTenant(backofficeScope(c), idOf(c), confirmSlug);
}

app.post(`${ID}/delete`, function tenantDelete(c) {
  return change(c, "delete", (body) => remove(c, body), "/backoffice/tenants?deleted=1");
});

app.delete(ID, async function tenantDeleteJson(c) {
  await remove(c, await readBody(c));
  return c.json({ deleted: true });
});

export default app;
