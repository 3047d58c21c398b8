import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { messagingWebhooks } from "../../../../lib/conversation/webhook_urls.ts";
import { readBody, validate } from "../../../../lib/http/input.ts";
import {
  channelAvailability,
  getNotificationSettings,
  NotificationSettingsSchema,
  updateNotificationSettings,
} from "../../../../lib/notify/settings.ts";

/** `/api/settings/notifications`: per topic the channels, and the phone channel (OWNER, ADMIN). */
const app = new Hono<StaffEnv>();

app.get("/", async function getNotificationSettingsRoute(c) {
  const settings = await getNotificationSettings(c.get("scope"));
  return c.json({
    settings,
    channels: channelAvailability(c.get("deps").config, settings),
    webhooks: messagingWebhooks(c.get("deps").config),
  });
});

app.put("/", async function updateNotificationSettingsRoute(c) {
  const input = validate(NotificationSettingsSchema, await readBody(c));
  const settings = await updateNotificationSettings(c.get("scope"), input);
  return c.json({
    settings,
    channels: channelAvailability(c.get("deps").config, settings),
    webhooks: messagingWebhooks(c.get("deps").config),
  });
});

export default app;
