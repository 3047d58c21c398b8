import { asHttpError } from "../../../lib/http/error_map.ts";
import { type Context, Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { HttpError, notFound } from "../../../lib/http/errors.ts";
import { isFormPost, param, readBody, validate } from "../../../lib/http/input.ts";
import { joinRateLimit } from "../../../lib/http/rate_limit_middleware.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { readRememberedTickets, rememberTicket } from "../../../lib/http/remembered_tickets.ts";
import { joinQueue } from "../../../lib/queue/join.ts";
import { listQueues } from "../../../lib/queue/queue_list.ts";
import {
  IdempotencyKeySchema,
  JoinQueueSchema,
  SessionIdSchema,
  UuidSchema,
} from "../../../lib/queue/queue_schema.ts";
import { TenantHome } from "../../../components/TenantHome.tsx";

/** `/api/queues`: joining (JSON or the join form) and a customer's status. */
const app = new Hono<TenantEnv>();

/** A failed form join shows the home page again with the messages and what was typed. */
async function rerenderJoinForm(
  c: Context<TenantEnv>,
  queueId: string,
  values: Record<string, unknown>,
  err: HttpError,
): Promise<Response> {
  const tenant = c.var.tenant;
  const queues = await listQueues(c.var.deps.db, tenant.id);
  const kept = Object.fromEntries(
    Object.entries(values).filter(([k, v]) => k !== "_csrf" && typeof v === "string"),
  ) as Record<string, string>;
  const status = err.status === 422 ? 422 : err.status === 409 ? 409 : 400;
  return renderPage(
    c,
    `${tenant.name} · Join the queue`,
    <TenantHome
      tenantName={tenant.name}
      queues={queues}
      csrfToken={c.var.csrfToken}
      failed={{
        queueId,
        state: { values: kept, fields: err.options.fields, message: err.message },
      }}
    />,
    status,
  );
}

app.post("/:id/join", joinRateLimit(), async function joinQueueRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const body = await readBody(c);
  const rawKey = c.req.header("idempotency-key");
  const idempotencyKey = rawKey ? validate(IdempotencyKeySchema, rawKey) : null;
  const form = isFormPost(c);
  let result;
  try {
    const input = validate(JoinQueueSchema, body);
    result = await joinQueue(c.var.scope, queueId, input, {
      platform: form ? "web" : "api",
      idempotencyKey,
      knownSessionIds: readRememberedTickets(c),
      view: (id, sessionId) => c.var.deps.reads.joinedEntry(c.var.tenant.id, id, sessionId),
    });
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (form && err instanceof HttpError && err.status !== 404) {
      return await rerenderJoinForm(c, queueId, body, err);
    }
    throw err;
  }
  rememberTicket(c, result.entry.sessionId);
  if (form) return c.redirect(`/queue/status/${result.entry.sessionId}`, 303);
  return c.json({ entry: result.entry }, result.created ? 201 : 200);
});

app.get("/entry/:sessionId", async function entryStatusRoute(c) {
  const tenant = c.var.tenant;
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  const json = await c.var.deps.reads.entryStatusJson(tenant.id, sessionId);
  if (json === null) throw notFound("No queue entry found for this link");
  c.header("Cache-Control", "no-store");
  c.header("Content-Type", "application/json");
  return c.body(json);
});

export default app;
