import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { isFormPost, param, readBody, validate } from "../../../../lib/http/input.ts";
import { callNext } from "../../../../lib/queue/call_next.ts";
import { callEntries, moveEntry } from "../../../../lib/queue/board_ops.ts";
import { BulkCallSchema, ReorderSchema, UuidSchema } from "../../../../lib/queue/queue_schema.ts";

/** `/api/queues/:id/{call-next,reorder,call-bulk}`: who is called next, and the line's edits. */
const app = new Hono<StaffEnv>();

app.post("/:id/reorder", async function reorderRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const move = validate(ReorderSchema, await readBody(c));
  const entry = await moveEntry(c.get("scope"), queueId, move);
  return c.json({ entry });
});

app.post("/:id/call-bulk", async function bulkCallRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const { entryIds } = validate(BulkCallSchema, await readBody(c));
  const entries = await callEntries(c.get("scope"), queueId, entryIds);
  return c.json({ entries });
});

app.post("/:id/call-next", async function callNextRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const entry = await callNext(c.get("scope"), queueId);
  if (isFormPost(c)) return c.redirect(`/dashboard/queues/${queueId}`, 303);
  return c.json({ entry });
});

export default app;
