import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { StaffEnv, TenantEnv } from "../../../../lib/http/app_env.ts";
import { staffArea } from "../../../../lib/http/area_guards.ts";
import { param, readBody, validate } from "../../../../lib/http/input.ts";
import { recoverWithLockout } from "../../../../lib/http/recover_lockout.ts";
import { recoverRateLimit } from "../../../../lib/http/rate_limit_middleware.ts";
import { rememberTicket } from "../../../../lib/http/remembered_tickets.ts";
import {
  findChatEntry,
  getChatHistory,
  markChatRead,
  sendChatMessage,
} from "../../../../lib/chat/chat.ts";
import { chatChannel } from "../../../../lib/chat/chat_channel.ts";
import { CustomerSendSchema, StaffSendSchema } from "../../../../lib/chat/chat_schema.ts";
import { RecoverSchema, SessionIdSchema } from "../../../../lib/queue/queue_schema.ts";
import { sseResponse } from "../../../../lib/realtime/sse.ts";

/**
 * The customer's side of the web chat, authorised by the ticket's unguessable session id, and
 * `POST /send`, which both sides use (spec §3.3): `{ sessionId, content }` from the customer,
 * `{ entryId, content }` from staff. Only the entryId form needs a staff session; the handler
 * applies the staff guard to that form itself (one URL, two principals).
 */
const app = new Hono<TenantEnv>();

/** Runs `fn` behind the staff guard, as the staff member: a 401 (403) otherwise. */
async function asStaff(c: Context<TenantEnv>, fn: (c: Context<StaffEnv>) => Promise<Response>) {
  let response: Response | undefined;
  const guard = staffArea() as unknown as MiddlewareHandler<TenantEnv>;
  const refused = await guard(c, async () => {
    response = await fn(c as unknown as Context<StaffEnv>);
  });
  return response ?? refused ?? c.json({ error: "Sign in to continue" }, 401);
}

app.post("/send", async function sendChatRoute(c) {
  const body = await readBody(c);
  const limitPerMinute = c.get("deps").config.RATE_LIMIT_CHAT_PER_MINUTE;
  if ("entryId" in body) {
    return await asStaff(c, async (sc) => {
      const input = validate(StaffSendSchema, body);
      const message = await sendChatMessage(sc.get("scope"), {
        ticket: { entryId: input.entryId },
        sender: "STAFF",
        content: input.content,
      }, { limitPerMinute });
      return sc.json({ message }, 201);
    });
  }
  const input = validate(CustomerSendSchema, body);
  const message = await sendChatMessage(c.get("scope"), {
    ticket: { sessionId: input.sessionId },
    sender: "CUSTOMER",
    content: input.content,
  }, { limitPerMinute });
  return c.json({ message }, 201);
});

app.post("/recovery", recoverRateLimit(), async function recoverChatRoute(c) {
  const input = validate(RecoverSchema, await readBody(c));
  const entry = await recoverWithLockout(c, input);
  rememberTicket(c, entry.sessionId);
  const chat = await getChatHistory(c.get("scope"), { sessionId: entry.sessionId });
  return c.json({ sessionId: entry.sessionId, entry, chat });
});

app.get("/:sessionId", async function customerChatRoute(c) {
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  return c.json({ chat: await getChatHistory(c.get("scope"), { sessionId }) });
});

app.post("/:sessionId/read", async function customerReadRoute(c) {
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  return c.json(await markChatRead(c.get("scope"), { sessionId }, "CUSTOMER"));
});

/** The customer's live chat: only this ticket's messages, for whoever holds its link. */
app.get("/:sessionId/events", async function customerChatEvents(c) {
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  const entry = await findChatEntry(c.get("scope"), { sessionId });
  const { db, hub } = c.get("deps");
  return sseResponse(hub, chatChannel(db, c.get("tenant").id, entry.id), {
    lastEventId: c.req.header("last-event-id"),
  });
});

export default app;
