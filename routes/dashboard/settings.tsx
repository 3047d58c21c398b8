import { asHttpError } from "../../lib/http/error_map.ts";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { staffActor } from "../../lib/http/actor.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { readBody, validate } from "../../lib/http/input.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { requirePerson } from "../../lib/http/session_middleware.ts";
import { requireTenant } from "../../lib/http/tenant_middleware.ts";
import {
  BusinessSettingsSchema,
  getBusinessSettings,
  getPlanSummary,
  updateBusinessSettings,
} from "../../lib/merchant/settings.ts";
import { SettingsPage, type SettingsPageProps } from "../../components/SettingsPage.tsx";
import { StaffShell } from "../../components/StaffShell.tsx";

/** `/dashboard/settings`: OWNER and ADMIN edit the business; OWNER also sees the plan. */
const app = new Hono<AppEnv>();
const MANAGERS = ["OWNER", "ADMIN"] as const;

async function page(
  c: Context<AppEnv>,
  error?: SettingsPageProps["error"],
  status: 200 | 422 = 200,
) {
  const tenant = requireTenant(c);
  const staff = requirePerson(c, MANAGERS);
  const { db } = c.var.deps;
  const settings = await getBusinessSettings(db, tenant.id);
  const plan = staff.role === "OWNER" ? await getPlanSummary(db, tenant.id) : null;
  return renderPage(
    c,
    `Settings · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.var.csrfToken}
      canManage
    >
      <SettingsPage
        settings={settings}
        plan={plan}
        csrfToken={c.var.csrfToken}
        notice={c.req.query("saved") ? "Saved." : undefined}
        error={error}
      />
    </StaffShell>,
    status,
  );
}

app.get("/", (c) => page(c));

app.post("/", async (c) => {
  const tenant = requireTenant(c);
  requirePerson(c, MANAGERS);
  const actor = staffActor(c, MANAGERS);
  const body = await readBody(c);
  const { _csrf: _token, ...fields } = body;
  try {
    await updateBusinessSettings(
      c.var.deps.db,
      tenant.id,
      validate(BusinessSettingsSchema, fields),
      actor,
    );
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!(err instanceof HttpError) || err.status !== 422) throw err;
    const values = Object.fromEntries(
      Object.entries(fields).filter(([, v]) => typeof v === "string"),
    ) as Record<string, string>;
    return await page(c, { message: err.message, fields: err.options.fields, values }, 422);
  }
  return c.redirect("/dashboard/settings?saved=1", 303);
});

export default app;
