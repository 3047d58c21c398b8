import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { param } from "../../../../lib/http/input.ts";
import { getQueueSettings, listQueueSettings } from "../../../../lib/queue/queue_admin.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";

/** `GET /api/queues` and `GET /api/queues/:id`: every staff member reads the queues' settings. */
const app = new Hono<StaffEnv>();

app.get("/", async function listQueuesRoute(c) {
  return c.json({ queues: await listQueueSettings(c.get("scope")) });
});

app.get("/:id", async function getQueueRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  return c.json({ queue: await getQueueSettings(c.get("scope"), queueId) });
});

export default app;
