import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../lib/http/input.ts";
import { requestOrigin } from "../../../lib/http/request_origin.ts";
import { UuidSchema } from "../../../lib/queue/queue_schema.ts";
import { inviteUser, listUsers, updateUser } from "../../../lib/users/user_admin.ts";
import { InviteUserSchema, UpdateUserSchema } from "../../../lib/users/user_schema.ts";

/** `/api/users`: OWNER and ADMIN list, invite, change roles of and deactivate staff. */
const app = new Hono<StaffEnv>();

app.get("/", async function listUsersRoute(c) {
  return c.json({ users: await listUsers(c.get("scope")) });
});

app.post("/", async function inviteUserRoute(c) {
  const input = validate(InviteUserSchema, await readBody(c));
  const user = await inviteUser(c.get("scope"), {
    input,
    tenantName: c.get("tenant").name,
    origin: requestOrigin(c),
  });
  return c.json({ user }, 201);
});

app.put("/:id", async function updateUserRoute(c) {
  const userId = param(UuidSchema, c.req.param("id"));
  const input = validate(UpdateUserSchema, await readBody(c));
  const user = await updateUser(c.get("scope"), userId, input);
  return c.json({ user });
});

export default app;
