import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { staffActor } from "../../lib/http/actor.ts";
import { requirePerson } from "../../lib/http/session_middleware.ts";
import { param, readBody, validate } from "../../lib/http/input.ts";
import { requireTenant } from "../../lib/http/tenant_middleware.ts";
import {
  createApiKey,
  CreateApiKeySchema,
  deleteApiKey,
  getApiKeys,
} from "../../lib/auth/api_keys.ts";
import { UuidSchema } from "../../lib/queue/queue_schema.ts";

/** `/api/keys`: OWNER and ADMIN, signed in as themselves (not with a key), manage API keys. */
const app = new Hono<AppEnv>();
const MANAGERS = ["OWNER", "ADMIN"] as const;

function managerActor(c: Parameters<typeof staffActor>[0]) {
  requirePerson(c, MANAGERS);
  return staffActor(c, MANAGERS);
}

app.get("/", async function listKeysRoute(c) {
  const tenant = requireTenant(c);
  managerActor(c);
  return c.json({ apiKeys: await getApiKeys(c.var.deps.db, tenant.id) });
});

app.post("/", async function createKeyRoute(c) {
  const tenant = requireTenant(c);
  const actor = managerActor(c);
  const input = validate(CreateApiKeySchema, await readBody(c));
  const { apiKey, secret } = await createApiKey(c.var.deps.db, tenant.id, input, actor);
  c.header("Cache-Control", "no-store");
  return c.json({ apiKey, key: secret }, 201);
});

app.delete("/:id", async function revokeKeyRoute(c) {
  const tenant = requireTenant(c);
  const actor = managerActor(c);
  await deleteApiKey(c.var.deps.db, tenant.id, param(UuidSchema, c.req.param("id")), actor);
  return c.body(null, 204);
});

export default app;
