import { asHttpError } from "../../lib/http/error_map.ts";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { staffActor } from "../../lib/http/actor.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { param, readBody, validate } from "../../lib/http/input.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { requestOrigin } from "../../lib/http/request_origin.ts";
import { requirePerson } from "../../lib/http/session_middleware.ts";
import { requireTenant } from "../../lib/http/tenant_middleware.ts";
import { UuidSchema } from "../../lib/queue/queue_schema.ts";
import { inviteUser, listUsers, updateUser } from "../../lib/users/user_admin.ts";
import { InviteUserSchema, UpdateUserSchema } from "../../lib/users/user_schema.ts";
import { StaffShell } from "../../components/StaffShell.tsx";
import { UsersPage, type UsersPageProps } from "../../components/UsersPage.tsx";

/** `/dashboard/users`: the forms behind `/api/users`, for owners and admins. */
const app = new Hono<AppEnv>();
const MANAGERS = ["OWNER", "ADMIN"] as const;

async function page(
  c: Context<AppEnv>,
  error?: UsersPageProps["error"],
  status: 200 | 403 | 404 | 409 | 422 = 200,
) {
  const tenant = requireTenant(c);
  const staff = requirePerson(c, MANAGERS);
  const users = await listUsers(c.var.deps.db, tenant.id);
  return renderPage(
    c,
    `Users · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.var.csrfToken}
      canManage
    >
      <UsersPage
        users={users}
        csrfToken={c.var.csrfToken}
        viewerRole={staff.role === "OWNER" ? "OWNER" : "ADMIN"}
        notice={c.req.query("saved") ? "Saved." : undefined}
        error={error}
      />
    </StaffShell>,
    status,
  );
}

/** Runs a change from a form; a refusal comes back on the page with what was typed. */
async function fromForm(
  c: Context<AppEnv>,
  change: (body: Record<string, unknown>) => Promise<unknown>,
) {
  const body = await readBody(c);
  try {
    await change(body);
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!(err instanceof HttpError) || ![403, 404, 409, 422].includes(err.status)) throw err;
    const values = Object.fromEntries(
      Object.entries(body).filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
    ) as Record<string, string>;
    return await page(
      c,
      { message: err.message, fields: err.options.fields, values },
      err.status as 403,
    );
  }
  return c.redirect("/dashboard/users?saved=1", 303);
}

app.get("/", (c) => page(c));

app.post("/", (c) => {
  const tenant = requireTenant(c);
  const staff = requirePerson(c, MANAGERS);
  const actor = { ...staffActor(c, MANAGERS), role: staff.role! };
  return fromForm(
    c,
    (body) =>
      inviteUser(c.var.deps, tenant, validate(InviteUserSchema, body), actor, requestOrigin(c)),
  );
});

app.post("/:id", (c) => {
  const tenant = requireTenant(c);
  const staff = requirePerson(c, MANAGERS);
  const actor = { ...staffActor(c, MANAGERS), role: staff.role! };
  const userId = param(UuidSchema, c.req.param("id"));
  return fromForm(c, (body) => {
    const input = body.isActive === undefined
      ? { role: body.role }
      : { isActive: body.isActive === "true" };
    return updateUser(c.var.deps, tenant.id, userId, validate(UpdateUserSchema, input), actor);
  });
});

export default app;
