import { type Context, Hono } from "hono";
import { z } from "zod";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { isFormPost, param, readBody, validate } from "../../../lib/http/input.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { wantsJson } from "../../../lib/http/request_context.ts";
import { requestOrigin } from "../../../lib/http/request_origin.ts";
import { refusalOf, typedValues } from "../../../lib/http/form_refusal.ts";
import { backofficeScope } from "../../../lib/http/backoffice_scope.ts";
import { FlagSchema } from "../../../lib/backoffice/plan_terms.ts";
import {
  inviteAdmin,
  InviteAdminSchema,
  loadAdmins,
  setAdminActive,
} from "../../../lib/backoffice/admins.ts";
import { BackofficeShell } from "../../../components/backoffice/BackofficeShell.tsx";
import { AdminsPage } from "../../../components/backoffice/AdminsPage.tsx";

/** `/backoffice/admins`: back-office users; invite and deactivate (audited). */
const app = new Hono<BackofficeEnv>();

async function page(
  c: Context<BackofficeEnv>,
  form: { values?: Record<string, string>; fields?: Record<string, string>; message?: string } = {},
  status: 200 | 404 | 409 | 422 = 200,
) {
  const admins = await loadAdmins(c.get("deps").db);
  return renderPage(
    c,
    "Admins · Back office",
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice/admins"
      title="Back-office admins"
    >
      <AdminsPage
        admins={admins}
        selfId={c.get("admin").userId}
        csrfToken={c.get("csrfToken")}
        ok={c.req.query("saved") ? "Saved." : undefined}
        {...form}
      />
    </BackofficeShell>,
    status,
  );
}

app.get("/", async function adminsList(c) {
  if (wantsJson(c)) return c.json({ admins: await loadAdmins(c.get("deps").db) });
  return await page(c);
});

app.post("/", async function adminsInvite(c) {
  const body = await readBody(c);
  const run = () =>
    inviteAdmin(backofficeScope(c), validate(InviteAdminSchema, body), requestOrigin(c));
  if (!isFormPost(c)) return c.json({ admin: await run() }, 201);
  const err = await refusalOf(run, [409, 422]);
  if (err) {
    return await page(
      c,
      { values: typedValues(body), fields: err.options.fields, message: err.message },
      err.status as 409,
    );
  }
  return c.redirect("/backoffice/admins?saved=1", 303);
});

app.post("/:id{[0-9a-fA-F-]{36}}/toggle", async function adminsToggle(c) {
  const id = param(z.uuid(), c.req.param("id"));
  const body = await readBody(c);
  const run = () => {
    const { isActive } = validate(z.object({ isActive: FlagSchema }).strict(), body);
    return setAdminActive(backofficeScope(c), id, isActive);
  };
  if (!isFormPost(c)) return c.json({ admin: await run() });
  const err = await refusalOf(run, [404, 409, 422]);
  if (err) return await page(c, { message: err.message }, err.status as 409);
  return c.redirect("/backoffice/admins?saved=1", 303);
});

export default app;
