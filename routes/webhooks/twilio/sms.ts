import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app_env.ts";
import { HttpError } from "../../../lib/http/errors.ts";
import { validate } from "../../../lib/http/input.ts";
import { requestHostname } from "../../../lib/http/tenant_middleware.ts";
import { isTwilioSigned } from "../../../lib/notify/twilio_signature.ts";
import { receiveInbound, tenantOfNumber } from "../../../lib/conversation/inbound.ts";
import { signedUrl } from "../../../lib/conversation/webhook_urls.ts";
import { TwilioInboundSchema, twilioMessage } from "../../../lib/conversation/webhook_payloads.ts";

/** An empty TwiML answer: the reply goes out from the outbox, through the Messages API. */
const EMPTY_TWIML = `<?xml version="1.0" encoding="UTF-8"?><Response></Response>`;

/**
 * `POST /webhooks/twilio/sms`: Twilio's incoming-message webhook (form-encoded), one URL for the
 * platform. Only a request signed with TWILIO_AUTH_TOKEN over the URL Twilio called and its
 * sorted parameters is believed; the tenant is the one whose SMS number is `To` (none:
 * acknowledged and ignored). The message is stored once per MessageSid and handled from the
 * outbox.
 */
const app = new Hono<AppEnv>();

app.post("/", async function twilioSmsRoute(c) {
  const { config, db, kv, log, dispatcher } = c.get("deps");
  if (!config.TWILIO_AUTH_TOKEN) throw new HttpError(404, "Not found");
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw new HttpError(415, "Twilio posts application/x-www-form-urlencoded");
  }
  const params = Object.fromEntries(new URLSearchParams(await c.req.text()));
  const url = signedUrl(config, c.req.url, requestHostname(c));
  const signature = c.req.header("x-twilio-signature") ?? "";
  if (!await isTwilioSigned(config.TWILIO_AUTH_TOKEN, url, params, signature)) {
    throw new HttpError(401, "The request is not signed by Twilio");
  }
  const input = validate(TwilioInboundSchema, params);
  const scope = { db, kv, log, afterCommit: dispatcher.afterCommit };
  const tenant = await tenantOfNumber(scope, "sms", input.To);
  if (tenant) {
    await receiveInbound(
      scope,
      tenant.id,
      [twilioMessage(input)],
      config.RATE_LIMIT_CONVERSATION_PER_MINUTE,
    );
  } else {
    log("info", "SMS for a number no tenant uses ignored", {});
  }
  return c.body(EMPTY_TWIML, 200, { "content-type": "text/xml; charset=utf-8" });
});

export default app;
