import { Hono } from "hono";
import type { TenantEnv } from "../../../../lib/http/app_env.ts";
import { HttpError } from "../../../../lib/http/errors.ts";
import { parseFormBody } from "../../../../lib/http/input.ts";
import { recordSmsStatus } from "../../../../lib/notify/delivery_status.ts";
import { tenantOrigin } from "../../../../lib/notify/links.ts";
import { isTwilioSigned } from "../../../../lib/notify/twilio_signature.ts";

/**
 * `POST /webhooks/twilio/status`: Twilio's status callback for an SMS (form-encoded MessageSid,
 * MessageStatus, ErrorCode). Only a request signed with TWILIO_AUTH_TOKEN over the public URL
 * (PUBLIC_BASE_URL's scheme and port on the tenant's host) is believed.
 */
const app = new Hono<TenantEnv>();

app.post("/", async function twilioStatusRoute(c) {
  const config = c.get("deps").config;
  if (!config.TWILIO_AUTH_TOKEN) throw new HttpError(404, "Not found");
  const body = await parseFormBody(c);
  const params = Object.fromEntries(
    Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  const url = new URL(c.req.url);
  const publicUrl = `${tenantOrigin(config, c.get("tenant").slug)}${url.pathname}${url.search}`;
  const signature = c.req.header("x-twilio-signature") ?? "";
  if (!await isTwilioSigned(config.TWILIO_AUTH_TOKEN, publicUrl, params, signature)) {
    throw new HttpError(403, "The request is not signed by Twilio");
  }
  if (params.MessageSid && params.MessageStatus) {
    await recordSmsStatus(c.get("scope"), {
      messageSid: params.MessageSid,
      status: params.MessageStatus,
      errorCode: params.ErrorCode,
    });
  }
  return c.body(null, 204);
});

export default app;
