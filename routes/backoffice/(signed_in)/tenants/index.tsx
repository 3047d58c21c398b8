import { type Context, Hono } from "hono";
import { z } from "zod";
import type { BackofficeEnv } from "../../../../lib/http/app_env.ts";
import { isFormPost, readBody, validate } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import { wantsJson } from "../../../../lib/http/request_context.ts";
import { refusalOf, typedValues } from "../../../../lib/http/form_refusal.ts";
import { backofficeScope } from "../../../../lib/http/backoffice_scope.ts";
import { tenantOrigin } from "../../../../lib/http/tenant_origin.ts";
import { createTenant } from "../../../../lib/backoffice/tenant_admin.ts";
import { checkSlug, listTenants } from "../../../../lib/backoffice/tenant_queries.ts";
import {
  CreateTenantSchema,
  type TenantListQuery,
  TenantListQuerySchema,
} from "../../../../lib/backoffice/tenant_schema.ts";
import { BackofficeShell } from "../../../../components/backoffice/BackofficeShell.tsx";
import { TenantList } from "../../../../components/backoffice/TenantList.tsx";
import { TenantCreateForm } from "../../../../components/backoffice/TenantCreateForm.tsx";

/** `/backoffice/tenants`: the list (search, filters, sort, pages), check-slug and create. */
const app = new Hono<BackofficeEnv>();

function readQuery(c: Context<BackofficeEnv>): TenantListQuery {
  return TenantListQuerySchema.parse(c.req.query());
}

async function listPage(
  c: Context<BackofficeEnv>,
  form: { values?: Record<string, string>; fields?: Record<string, string>; message?: string } = {},
  status: 200 | 409 | 422 = 200,
) {
  const query = readQuery(c);
  const { rows, total } = await listTenants(c.get("deps").db, query);
  return renderPage(
    c,
    "Tenants · Back office",
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/tenants"
      title="Tenants"
    >
      <TenantList rows={rows} total={total} query={query} />
      <TenantCreateForm
        csrfToken={c.get("csrfToken")}
        baseDomain={c.get("deps").config.BASE_DOMAIN}
        nonce={c.get("nonce")}
        {...form}
      />
    </BackofficeShell>,
    status,
  );
}

app.get("/", async function tenantList(c) {
  if (!wantsJson(c)) return await listPage(c);
  const query = readQuery(c);
  const { rows, total } = await listTenants(c.get("deps").db, query);
  return c.json({ tenants: rows, total, page: query.page, perPage: query.perPage });
});

app.get("/check-slug", async function tenantCheckSlug(c) {
  const slug = validate(z.object({ slug: z.string().max(200) }), c.req.query()).slug;
  return c.json(await checkSlug(c.get("deps").db, slug));
});

app.post("/", async function tenantCreate(c) {
  const body = await readBody(c);
  const scope = backofficeScope(c);
  const originOf = (slug: string) => tenantOrigin(c, slug);
  if (!isFormPost(c)) {
    const tenant = await createTenant(scope, validate(CreateTenantSchema, body), originOf);
    return c.json({ tenant, url: `${originOf(tenant.slug)}/` }, 201);
  }
  let id = "";
  const err = await refusalOf(async () => {
    id = (await createTenant(scope, validate(CreateTenantSchema, body), originOf)).id;
  }, [409, 422]);
  if (err) {
    return await listPage(
      c,
      { values: typedValues(body), fields: err.options.fields, message: err.message },
      err.status as 409,
    );
  }
  return c.redirect(`/backoffice/tenants/${id}?created=1`, 303);
});

export default app;
