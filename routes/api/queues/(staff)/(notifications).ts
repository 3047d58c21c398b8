import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { isFormPost, param } from "../../../../lib/http/input.ts";
import { notificationsOfEntry, resendLastNotification } from "../../../../lib/notify/entry_log.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";

/** `/api/queues/:id/entries/:entryId/notifications`: what the party was told, and "resend". */
const app = new Hono<StaffEnv>();

app.get("/:id/entries/:entryId/notifications", async function entryNotificationsRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const entryId = param(UuidSchema, c.req.param("entryId"));
  return c.json({ notifications: await notificationsOfEntry(c.get("scope"), queueId, entryId) });
});

app.post("/:id/entries/:entryId/notifications/resend", async function resendNotificationRoute(c) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const entryId = param(UuidSchema, c.req.param("entryId"));
  const resend = await resendLastNotification(c.get("scope"), queueId, entryId);
  if (isFormPost(c)) return c.redirect(`/dashboard/queues/${queueId}`, 303);
  return c.json({ resend }, 202);
});

export default app;
