import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../lib/http/input.ts";
import {
  createApiKey,
  CreateApiKeySchema,
  deleteApiKey,
  getApiKeys,
} from "../../../lib/auth/api_keys.ts";
import { UuidSchema } from "../../../lib/queue/queue_schema.ts";

/** `/api/keys`: OWNER and ADMIN, signed in as themselves (not with a key), manage API keys. */
const app = new Hono<StaffEnv>();
app.get("/", async function listKeysRoute(c) {
  return c.json({ apiKeys: await getApiKeys(c.get("scope")) });
});

app.post("/", async function createKeyRoute(c) {
  const input = validate(CreateApiKeySchema, await readBody(c));
  const { apiKey, secret } = await createApiKey(c.get("scope"), input);
  c.header("Cache-Control", "no-store");
  return c.json({ apiKey, key: secret }, 201);
});

app.delete("/:id", async function revokeKeyRoute(c) {
  await deleteApiKey(c.get("scope"), param(UuidSchema, c.req.param("id")));
  return c.body(null, 204);
});

export default app;
