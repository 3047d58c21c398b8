import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app_env.ts";
import { staffActor } from "../../../lib/http/actor.ts";
import { param, readBody, validate } from "../../../lib/http/input.ts";
import { requireTenant } from "../../../lib/http/tenant_middleware.ts";
import { UuidSchema } from "../../../lib/queue/queue_schema.ts";
import { announceQueueChange } from "../../../lib/queue/queue_events.ts";
import {
  addServiceType,
  getServiceTypes,
  removeServiceType,
  ServiceTypeSchema,
} from "../../../lib/queue/service_types.ts";

/** `/api/queues/:id/service-types`: anyone may list (the join form does); managers change. */
const app = new Hono<AppEnv>();
const MANAGERS = ["OWNER", "ADMIN"] as const;

app.get("/:id/service-types", async function listServiceTypesRoute(c) {
  const tenant = requireTenant(c);
  const queueId = param(UuidSchema, c.req.param("id"));
  return c.json({ serviceTypes: await getServiceTypes(c.var.deps.db, tenant.id, queueId) });
});

app.post("/:id/service-types", async function addServiceTypeRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c, MANAGERS);
  const queueId = param(UuidSchema, c.req.param("id"));
  const input = validate(ServiceTypeSchema, await readBody(c));
  const serviceType = await addServiceType(c.var.deps.db, tenant.id, queueId, input, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
  return c.json({ serviceType }, 201);
});

app.delete("/:id/service-types/:typeId", async function removeServiceTypeRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c, MANAGERS);
  const queueId = param(UuidSchema, c.req.param("id"));
  const typeId = param(UuidSchema, c.req.param("typeId"));
  await removeServiceType(c.var.deps.db, tenant.id, queueId, typeId, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
  return c.body(null, 204);
});

export default app;
