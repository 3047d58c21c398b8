import { Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { param } from "../../../lib/http/input.ts";
import { UuidSchema } from "../../../lib/queue/queue_schema.ts";
import { getServiceTypes } from "../../../lib/queue/service_types.ts";

/** `GET /api/queues/:id/service-types`: anyone may list them (the join form does). */
const app = new Hono<TenantEnv>();

app.get("/:id/service-types", async function listServiceTypesRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  return c.json({ serviceTypes: await getServiceTypes(c.get("scope"), queueId) });
});

export default app;
