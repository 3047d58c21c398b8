import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { receiveInbound, tenantOfNumber } from "../../lib/conversation/inbound.ts";
import { recordWhatsAppStatuses } from "../../lib/conversation/whatsapp_status.ts";
import {
  isMetaSigned,
  whatsAppMessagesByNumber,
  whatsAppStatusesByNumber,
  WhatsAppWebhookSchema,
} from "../../lib/conversation/webhook_payloads.ts";

/**
 * `/webhooks/whatsapp`: Meta's WhatsApp Cloud API webhook, one URL for the whole platform. GET
 * answers the verification handshake; POST takes only bodies signed with WHATSAPP_APP_SECRET
 * (X-Hub-Signature-256 over the raw body), finds each message's tenant by the phone number id
 * it was sent to (unknown ids are acknowledged and ignored), stores it once per message id and
 * answers 200 at once: the conversation runs from the outbox. Status updates of the tenant's
 * notifications (delivered, read, failed) update its NotificationLog.
 */
const app = new Hono<AppEnv>();

app.get("/", function whatsAppVerifyRoute(c) {
  const token = c.get("deps").config.WHATSAPP_VERIFY_TOKEN;
  const mode = c.req.query("hub.mode");
  const given = c.req.query("hub.verify_token");
  const challenge = c.req.query("hub.challenge") ?? "";
  // Inbound WhatsApp not configured: there is nothing here to verify.
  if (!token) throw new HttpError(404, "Not found");
  if (mode !== "subscribe" || given !== token || !/^[\x21-\x7e]{1,200}$/.test(challenge)) {
    throw new HttpError(403, "The verification token does not match");
  }
  return c.text(challenge, 200);
});

app.post("/", async function whatsAppMessagesRoute(c) {
  const { config, db, kv, log, dispatcher } = c.get("deps");
  if (!config.WHATSAPP_APP_SECRET) throw new HttpError(404, "Not found");
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!await isMetaSigned(config.WHATSAPP_APP_SECRET, raw, c.req.header("x-hub-signature-256"))) {
    throw new HttpError(401, "The request is not signed by Meta");
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new HttpError(400, "The body is not JSON");
  }
  const body = WhatsAppWebhookSchema.safeParse(json);
  // Signed but of another shape (another product's webhook): acknowledged, nothing to do.
  if (!body.success) return c.json({ ok: true, ignored: true });
  const scope = { db, kv, log, afterCommit: dispatcher.afterCommit };
  let stored = 0;
  for (const [numberId, messages] of whatsAppMessagesByNumber(body.data)) {
    const tenant = await tenantOfNumber(scope, "whatsapp", numberId);
    if (!tenant) {
      log("info", "WhatsApp message for an unknown phone number id ignored", { numberId });
      continue;
    }
    const outcome = await receiveInbound(
      scope,
      tenant.id,
      messages,
      config.RATE_LIMIT_CONVERSATION_PER_MINUTE,
    );
    stored += outcome.stored;
  }
  for (const [numberId, statuses] of whatsAppStatusesByNumber(body.data)) {
    const tenant = await tenantOfNumber(scope, "whatsapp", numberId);
    if (tenant) await recordWhatsAppStatuses(scope, tenant.id, statuses);
  }
  return c.json({ ok: true, stored });
});

export default app;
