import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app_env.ts";
import { staffActor } from "../../../lib/http/actor.ts";
import { param, readBody, validate } from "../../../lib/http/input.ts";
import { requireStaff } from "../../../lib/http/session_middleware.ts";
import { requireTenant } from "../../../lib/http/tenant_middleware.ts";
import {
  createQueue,
  deleteQueue,
  getQueueSettings,
  listQueueSettings,
  toggleQueue,
  updateQueue,
} from "../../../lib/queue/queue_admin.ts";
import { announceQueueChange } from "../../../lib/queue/queue_events.ts";
import { UuidSchema } from "../../../lib/queue/queue_schema.ts";
import { CreateQueueSchema, UpdateQueueSchema } from "../../../lib/queue/queue_settings_schema.ts";

/** `/api/queues` management: every staff member reads; OWNER and ADMIN change (spec §3.3). */
const app = new Hono<AppEnv>();
const MANAGERS = ["OWNER", "ADMIN"] as const;

app.get("/", async function listQueuesRoute(c) {
  const tenant = requireTenant(c);
  requireStaff(c);
  return c.json({ queues: await listQueueSettings(c.var.deps.db, tenant.id) });
});

app.post("/", async function createQueueRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c, MANAGERS);
  const input = validate(CreateQueueSchema, await readBody(c));
  const queue = await createQueue(c.var.deps.db, tenant.id, input, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queue.id);
  return c.json({ queue }, 201);
});

app.get("/:id", async function getQueueRoute(c) {
  const tenant = requireTenant(c);
  requireStaff(c);
  const queueId = param(UuidSchema, c.req.param("id"));
  return c.json({ queue: await getQueueSettings(c.var.deps.db, tenant.id, queueId) });
});

app.put("/:id", async function updateQueueRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c, MANAGERS);
  const queueId = param(UuidSchema, c.req.param("id"));
  const input = validate(UpdateQueueSchema, await readBody(c));
  const queue = await updateQueue(c.var.deps.db, tenant.id, queueId, input, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
  return c.json({ queue });
});

app.post("/:id/toggle", async function toggleQueueRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c, MANAGERS);
  const queueId = param(UuidSchema, c.req.param("id"));
  const queue = await toggleQueue(c.var.deps.db, tenant.id, queueId, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
  return c.json({ queue });
});

app.delete("/:id", async function deleteQueueRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c, MANAGERS);
  const queueId = param(UuidSchema, c.req.param("id"));
  await deleteQueue(c.var.deps.db, tenant.id, queueId, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
  return c.body(null, 204);
});

export default app;
