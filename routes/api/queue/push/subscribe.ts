import { Hono } from "hono";
import type { TenantEnv } from "../../../../lib/http/app_env.ts";
import { HttpError } from "../../../../lib/http/errors.ts";
import { readBody, validate } from "../../../../lib/http/input.ts";
import { pushHostPatterns } from "../../../../lib/push/push_endpoint.ts";
import { PushSubscribeSchema } from "../../../../lib/push/push_schema.ts";
import { subscribeToPush } from "../../../../lib/push/push_subscriptions.ts";

/** `POST /api/queue/push/subscribe`: "Notify me on this phone" for the ticket of `sessionId`. */
const app = new Hono<TenantEnv>();

app.post("/", async function pushSubscribeRoute(c) {
  const { config, vapid } = c.get("deps");
  if (!vapid) throw new HttpError(404, "Push notifications are not available here");
  const input = validate(PushSubscribeSchema, await readBody(c));
  const saved = await subscribeToPush(c.get("scope"), input, {
    allowedHosts: pushHostPatterns(config.PUSH_ENDPOINT_ALLOW),
  });
  return c.json({ subscription: saved }, 201);
});

export default app;
