import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app_env.ts";
import { staffActor } from "../../../lib/http/actor.ts";
import { isFormPost, param } from "../../../lib/http/input.ts";
import { requireTenant } from "../../../lib/http/tenant_middleware.ts";
import { applyEntryAction, type EntryAction } from "../../../lib/queue/entry_actions.ts";
import { announceQueueChange } from "../../../lib/queue/queue_events.ts";
import { UuidSchema } from "../../../lib/queue/queue_schema.ts";

/** `/api/queues/:id/{call,seat,complete,cancel,no-show,requeue}/:entryId`: one entry's next state. */
const app = new Hono<AppEnv>();

const ACTIONS: EntryAction[] = ["call", "seat", "complete", "cancel", "no-show", "requeue"];

for (const action of ACTIONS) {
  app.post(`/:id/${action}/:entryId`, async function entryActionRoute(c) {
    const tenant = requireTenant(c);
    const actor = staffActor(c);
    const queueId = param(UuidSchema, c.req.param("id"));
    const entryId = param(UuidSchema, c.req.param("entryId"));
    const entry = await applyEntryAction(c.var.deps.db, tenant.id, queueId, entryId, action, actor);
    await announceQueueChange(c.var.deps.kv, tenant.id, queueId);
    if (isFormPost(c)) return c.redirect(`/dashboard/queues/${queueId}`, 303);
    return c.json({ entry });
  });
}

export default app;
