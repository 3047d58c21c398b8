import { type Context, Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { isFormPost, param, readBody, validate } from "../../../lib/http/input.ts";
import { recoverRateLimit } from "../../../lib/http/rate_limit_middleware.ts";
import { recoverWithForm } from "../../../lib/http/customer_recover.tsx";
import { rememberTicket } from "../../../lib/http/remembered_tickets.ts";
import { cancelOwnEntry, confirmOwnEntry } from "../../../lib/queue/customer_actions.ts";
import { RecoverSchema, SessionIdSchema } from "../../../lib/queue/queue_schema.ts";
import { recoverWithLockout } from "../../../lib/http/recover_lockout.ts";

/** The customer's own actions, authorised by the unguessable session id of their ticket. */
const app = new Hono<TenantEnv>();

function back(c: Context<TenantEnv>, sessionId: string, json: unknown) {
  return isFormPost(c) ? c.redirect(`/queue/status/${sessionId}`, 303) : c.json(json);
}

const OWN_ACTIONS = { cancel: cancelOwnEntry, confirm: confirmOwnEntry } as const;

for (const [action, apply] of Object.entries(OWN_ACTIONS)) {
  app.post(`/entry/:sessionId/${action}`, async function customerActionRoute(c) {
    const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
    const entry = await apply(c.get("scope"), sessionId);
    return back(c, sessionId, { entry });
  });
}

app.post("/recover", recoverRateLimit(), async function recoverRoute(c) {
  const body = await readBody(c);
  // A form posted here (a page cached before forms posted to `/queue/recover`) is answered there.
  if (isFormPost(c)) return await recoverWithForm(c, body);
  const input = validate(RecoverSchema, body);
  const entry = await recoverWithLockout(c, input);
  rememberTicket(c, entry.sessionId);
  return c.json({ entry });
});

export default app;
