import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app_env.ts";
import { staffActor } from "../../../lib/http/actor.ts";
import { param, readBody, validate } from "../../../lib/http/input.ts";
import { requireTenant } from "../../../lib/http/tenant_middleware.ts";
import { callEntries, moveEntry } from "../../../lib/queue/board_ops.ts";
import { announceQueueChange } from "../../../lib/queue/queue_events.ts";
import { BulkCallSchema, ReorderSchema, UuidSchema } from "../../../lib/queue/queue_schema.ts";

/** `/api/queues/:id/reorder` and `/api/queues/:id/call-bulk`: the board's line edits. */
const app = new Hono<AppEnv>();

app.post("/:id/reorder", async function reorderRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c);
  const queueId = param(UuidSchema, c.req.param("id"));
  const move = validate(ReorderSchema, await readBody(c));
  const entry = await moveEntry(c.var.deps.db, tenant.id, queueId, move, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
  return c.json({ entry });
});

app.post("/:id/call-bulk", async function bulkCallRoute(c) {
  const tenant = requireTenant(c);
  const actor = staffActor(c);
  const queueId = param(UuidSchema, c.req.param("id"));
  const { entryIds } = validate(BulkCallSchema, await readBody(c));
  const entries = await callEntries(c.var.deps.db, tenant.id, queueId, entryIds, actor);
  await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
  return c.json({ entries });
});

export default app;
