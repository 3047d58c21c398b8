import { asHttpError } from "../../../lib/http/error_map.ts";
import { type Context, Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { HttpError } from "../../../lib/http/errors.ts";
import { isFormPost, param, readBody, validate } from "../../../lib/http/input.ts";
import { joinRateLimit } from "../../../lib/http/rate_limit_middleware.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { rememberTicket } from "../../../lib/http/remembered_tickets.ts";
import { cancelOwnEntry, confirmOwnEntry } from "../../../lib/queue/customer_actions.ts";
import { RecoverSchema, SessionIdSchema } from "../../../lib/queue/queue_schema.ts";
import { recoverWithLockout } from "../../../lib/http/recover_lockout.ts";
import { RecoverForm } from "../../../components/RecoverForm.tsx";

/** The customer's own actions, authorised by the unguessable session id of their ticket. */
const app = new Hono<TenantEnv>();

function back(c: Context<TenantEnv>, sessionId: string, json: unknown) {
  return isFormPost(c) ? c.redirect(`/queue/status/${sessionId}`, 303) : c.json(json);
}

const OWN_ACTIONS = { cancel: cancelOwnEntry, confirm: confirmOwnEntry } as const;

for (const [action, apply] of Object.entries(OWN_ACTIONS)) {
  app.post(`/entry/:sessionId/${action}`, async function customerActionRoute(c) {
    const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
    const entry = await apply(c.var.scope, sessionId);
    return back(c, sessionId, { entry });
  });
}

app.post("/recover", joinRateLimit(), async function recoverRoute(c) {
  const tenant = c.var.tenant;
  const body = await readBody(c);
  try {
    const input = validate(RecoverSchema, body);
    const entry = await recoverWithLockout(c, input);
    rememberTicket(c, entry.sessionId);
    return back(c, entry.sessionId, { entry });
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!isFormPost(c) || !(err instanceof HttpError) || ![404, 422, 429].includes(err.status)) {
      throw err;
    }
    // A locked phone comes back on the form too, with the number and when to try again.
    for (const [k, v] of Object.entries(err.options.headers ?? {})) c.header(k, v);
    return renderPage(
      c,
      `Find my place · ${tenant.name}`,
      <RecoverForm
        tenantName={tenant.name}
        csrfToken={c.var.csrfToken}
        phone={typeof body.customerPhone === "string" ? body.customerPhone : ""}
        message={err.message}
        fields={err.options.fields}
      />,
      err.status as 404 | 422 | 429,
    );
  }
});

export default app;
