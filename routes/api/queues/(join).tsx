import { Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { joinWithForm } from "../../../lib/http/customer_home.tsx";
import { requestLocale } from "../../../lib/http/customer_locale.ts";
import { sendShared } from "../../../lib/http/compression.ts";
import { notFound } from "../../../lib/http/errors.ts";
import { isFormPost, param, readBody, validate } from "../../../lib/http/input.ts";
import { checkJoinAllowance, countJoin } from "../../../lib/http/rate_limit_middleware.ts";
import { readRememberedTickets, rememberTicket } from "../../../lib/http/remembered_tickets.ts";
import { joinQueue } from "../../../lib/queue/join.ts";
import {
  IdempotencyKeySchema,
  JoinQueueSchema,
  SessionIdSchema,
  UuidSchema,
} from "../../../lib/queue/queue_schema.ts";

/** `/api/queues`: joining (JSON, or a form from an older page) and a customer's status. */
const app = new Hono<TenantEnv>();

app.post("/:id/join", async function joinQueueRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const body = await readBody(c);
  // A form posted here (a page cached before forms posted to `/`) is answered as `/` answers.
  if (isFormPost(c)) return await joinWithForm(c, queueId, body);
  const rawKey = c.req.header("idempotency-key");
  const idempotencyKey = rawKey ? validate(IdempotencyKeySchema, rawKey) : null;
  await checkJoinAllowance(c);
  const input = validate(JoinQueueSchema, body);
  const result = await joinQueue(c.get("scope"), queueId, input, {
    platform: "api",
    idempotencyKey,
    knownSessionIds: readRememberedTickets(c),
    locale: requestLocale(c),
    callingCode: c.get("deps").config.PHONE_COUNTRY_CODE,
    view: (id, sessionId) => c.get("deps").reads.joinedEntry(c.get("tenant").id, id, sessionId),
  });
  if (result.created) await countJoin(c);
  rememberTicket(c, result.entry.sessionId);
  return c.json({ entry: result.entry }, result.created ? 201 : 200);
});

app.get("/entry/:sessionId", async function entryStatusRoute(c) {
  const tenant = c.get("tenant");
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  const json = await c.get("deps").reads.entryStatusJson(tenant.id, sessionId);
  if (json === null) throw notFound("No queue entry found for this link");
  return await sendShared(c, json, "application/json", { "Cache-Control": "no-store" });
});

export default app;
