import { refusalOf, typedValues } from "../../../../lib/http/form_refusal.ts";
import { type Context, Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import { requestOrigin } from "../../../../lib/http/request_origin.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";
import { inviteUser, listUsers, updateUser } from "../../../../lib/users/user_admin.ts";
import { InviteUserSchema, UpdateUserSchema } from "../../../../lib/users/user_schema.ts";
import { StaffShell } from "../../../../components/StaffShell.tsx";
import { UsersPage, type UsersPageProps } from "../../../../components/UsersPage.tsx";

/** `/dashboard/users`: the forms behind `/api/users`, for owners and admins. */
const app = new Hono<StaffEnv>();

async function page(
  c: Context<StaffEnv>,
  error?: UsersPageProps["error"],
  status: 200 | 403 | 404 | 409 | 422 = 200,
) {
  const tenant = c.get("tenant");
  const staff = c.get("staff");
  const users = await listUsers(c.get("scope"));
  return renderPage(
    c,
    `Users · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.get("csrfToken")}
      canManage
    >
      <UsersPage
        users={users}
        csrfToken={c.get("csrfToken")}
        viewerRole={staff.role === "OWNER" ? "OWNER" : "ADMIN"}
        viewerId={staff.userId}
        notice={c.req.query("saved") ? "Saved." : undefined}
        error={error}
      />
    </StaffShell>,
    status,
  );
}

/**
 * Runs a change from a form; a refusal comes back on the page with its message, and with what
 * was typed when it was the invitation form (`keepInput`; a user row's form shows the saved user).
 */
async function fromForm(
  c: Context<StaffEnv>,
  change: (body: Record<string, unknown>) => Promise<unknown>,
  keepInput = true,
) {
  const body = await readBody(c);
  const err = await refusalOf(() => change(body), [403, 404, 409, 422]);
  if (err) {
    const values = keepInput ? typedValues(body) : undefined;
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
  return fromForm(c, (body) =>
    inviteUser(c.get("scope"), {
      input: validate(InviteUserSchema, body),
      tenantName: c.get("tenant").name,
      origin: requestOrigin(c),
    }));
});

app.post("/:id", (c) => {
  const userId = param(UuidSchema, c.req.param("id"));
  return fromForm(c, (body) => {
    const input = body.isActive === undefined
      ? { role: body.role }
      : { isActive: body.isActive === "true" };
    return updateUser(c.get("scope"), userId, validate(UpdateUserSchema, input));
  }, false);
});

export default app;
