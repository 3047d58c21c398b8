import { Hono } from "hono";
import type { StaffEnv } from "../../../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../../../lib/http/input.ts";
import { UuidSchema } from "../../../../../lib/queue/queue_schema.ts";
import {
  addServiceType,
  removeServiceType,
  ServiceTypeSchema,
} from "../../../../../lib/queue/service_types.ts";

/** `/api/queues/:id/service-types`: OWNER and ADMIN add and remove. */
const app = new Hono<StaffEnv>();

app.post("/:id/service-types", async function addServiceTypeRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const input = validate(ServiceTypeSchema, await readBody(c));
  const serviceType = await addServiceType(c.get("scope"), queueId, input);
  return c.json({ serviceType }, 201);
});

app.delete("/:id/service-types/:typeId", async function removeServiceTypeRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const typeId = param(UuidSchema, c.req.param("typeId"));
  await removeServiceType(c.get("scope"), queueId, typeId);
  return c.body(null, 204);
});

export default app;
