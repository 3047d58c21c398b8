import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { staffActor } from "../../lib/http/actor.ts";
import { param, readBody, validate } from "../../lib/http/input.ts";
import { requestOrigin } from "../../lib/http/request_origin.ts";
import { requirePerson } from "../../lib/http/session_middleware.ts";
import { requireTenant } from "../../lib/http/tenant_middleware.ts";
import { UuidSchema } from "../../lib/queue/queue_schema.ts";
import { inviteUser, listUsers, updateUser } from "../../lib/users/user_admin.ts";
import { InviteUserSchema, UpdateUserSchema } from "../../lib/users/user_schema.ts";

/** `/api/users`: OWNER and ADMIN list, invite, change roles of and deactivate staff. */
const app = new Hono<AppEnv>();
const MANAGERS = ["OWNER", "ADMIN"] as const;

app.get("/", async function listUsersRoute(c) {
  const tenant = requireTenant(c);
  requirePerson(c, MANAGERS);
  return c.json({ users: await listUsers(c.var.deps.db, tenant.id) });
});

app.post("/", async function inviteUserRoute(c) {
  const tenant = requireTenant(c);
  const staff = requirePerson(c, MANAGERS);
  const actor = { ...staffActor(c, MANAGERS), role: staff.role! };
  const input = validate(InviteUserSchema, await readBody(c));
  const user = await inviteUser(c.var.deps, tenant, input, actor, requestOrigin(c));
  return c.json({ user }, 201);
});

app.put("/:id", async function updateUserRoute(c) {
  const tenant = requireTenant(c);
  const staff = requirePerson(c, MANAGERS);
  const actor = { ...staffActor(c, MANAGERS), role: staff.role! };
  const userId = param(UuidSchema, c.req.param("id"));
  const input = validate(UpdateUserSchema, await readBody(c));
  const user = await updateUser(c.var.deps, tenant.id, userId, input, actor);
  return c.json({ user });
});

export default app;
