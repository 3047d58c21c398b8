import { Hono } from "hono";
import type { StaffEnv } from "../../../../../lib/http/app_env.ts";
import { param, readBody, validate } from "../../../../../lib/http/input.ts";
import {
  createQueue,
  deleteQueue,
  toggleQueue,
  updateQueue,
} from "../../../../../lib/queue/queue_admin.ts";
import { UuidSchema } from "../../../../../lib/queue/queue_schema.ts";
import {
  CreateQueueSchema,
  UpdateQueueSchema,
} from "../../../../../lib/queue/queue_settings_schema.ts";

/** `/api/queues` management: OWNER and ADMIN create, change, pause and delete (spec §3.3). */
const app = new Hono<StaffEnv>();

app.post("/", async function createQueueRoute(c) {
  const input = validate(CreateQueueSchema, await readBody(c));
  const queue = await createQueue(c.get("scope"), input);
  return c.json({ queue }, 201);
});

app.put("/:id", async function updateQueueRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const input = validate(UpdateQueueSchema, await readBody(c));
  const queue = await updateQueue(c.get("scope"), queueId, input);
  return c.json({ queue });
});

app.post("/:id/toggle", async function toggleQueueRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const queue = await toggleQueue(c.get("scope"), queueId);
  return c.json({ queue });
});

app.delete("/:id", async function deleteQueueRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  await deleteQueue(c.get("scope"), queueId);
  return c.body(null, 204);
});

export default app;
