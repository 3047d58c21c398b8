import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { isFormPost, param } from "../../../../lib/http/input.ts";
import { applyEntryAction, type EntryAction } from "../../../../lib/queue/entry_actions.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";
import { undoEntryAction } from "../../../../lib/queue/undo.ts";

/** `/api/queues/:id/{call,seat,complete,cancel,no-show,requeue}/:entryId`: one entry's next state. */
const app = new Hono<StaffEnv>();

const ACTIONS: EntryAction[] = ["call", "seat", "complete", "cancel", "no-show", "requeue"];

for (const action of ACTIONS) {
  app.post(`/:id/${action}/:entryId`, async function entryActionRoute(c) {
    const queueId = param(UuidSchema, c.req.param("id"));
    const entryId = param(UuidSchema, c.req.param("entryId"));
    const entry = await applyEntryAction(c.get("scope"), queueId, entryId, action);
    if (isFormPost(c)) return c.redirect(`/dashboard/queues/${queueId}`, 303);
    return c.json({ entry });
  });
}

/** `/api/queues/:id/undo/:entryId`: takes back a seat or a completion within its minute. */
app.post("/:id/undo/:entryId", async function undoEntryRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const entryId = param(UuidSchema, c.req.param("entryId"));
  const entry = await undoEntryAction(c.get("scope"), queueId, entryId);
  if (isFormPost(c)) return c.redirect(`/dashboard/queues/${queueId}`, 303);
  return c.json({ entry });
});

export default app;
