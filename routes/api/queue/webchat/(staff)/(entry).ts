import { Hono } from "hono";
import type { StaffEnv } from "../../../../../lib/http/app_env.ts";
import { param } from "../../../../../lib/http/input.ts";
import { findChatEntry, getChatHistory, markChatRead } from "../../../../../lib/chat/chat.ts";
import { chatChannel } from "../../../../../lib/chat/chat_channel.ts";
import { UuidSchema } from "../../../../../lib/queue/queue_schema.ts";
import { staffStreamResponse } from "../../../../../lib/realtime/staff_stream.ts";

/** `/api/queue/webchat/entry/:entryId`: staff read an entry's chat, follow it, and mark it seen. */
const app = new Hono<StaffEnv>();

app.get("/entry/:entryId", async function staffChatRoute(c) {
  const entryId = param(UuidSchema, c.req.param("entryId"));
  return c.json({ chat: await getChatHistory(c.get("scope"), { entryId }) });
});

app.post("/entry/:entryId/read", async function staffReadRoute(c) {
  const entryId = param(UuidSchema, c.req.param("entryId"));
  return c.json(await markChatRead(c.get("scope"), { entryId }, "STAFF"));
});

/** The board's chat panel stream: lives as long as the staff session does. */
app.get("/entry/:entryId/events", async function staffChatEvents(c) {
  const entryId = param(UuidSchema, c.req.param("entryId"));
  const entry = await findChatEntry(c.get("scope"), { entryId });
  const { db, hub, kv, config } = c.get("deps");
  return staffStreamResponse(hub, chatChannel(db, c.get("tenant").id, entry.id), {
    kv,
    sessionId: c.get("sessionId"),
    recheckMs: config.STAFF_STREAM_RECHECK_MS,
    lastEventId: c.req.header("last-event-id"),
  });
});

export default app;
