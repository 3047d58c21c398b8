import type { Config } from "../config.ts";

/**
 * The platform's own address (no tenant): `BASE_DOMAIN` with the scheme and port of
 * PUBLIC_BASE_URL when set, else https in production and http with the app's port elsewhere.
 * Meta and Twilio call the messaging webhooks here, whichever tenant a message is for.
 */
export function platformOrigin(config: Config): string {
  if (config.PUBLIC_BASE_URL) {
    const base = new URL(config.PUBLIC_BASE_URL);
    return `${base.protocol}//${config.BASE_DOMAIN}${base.port ? `:${base.port}` : ""}`;
  }
  if (config.isProduction) return `https://${config.BASE_DOMAIN}`;
  const port = config.PORT === 0 || config.PORT === 80 ? "" : `:${config.PORT}`;
  return `http://${config.BASE_DOMAIN}${port}`;
}

/** What a tenant pastes into Meta's and Twilio's consoles. */
export function messagingWebhooks(config: Config) {
  const origin = platformOrigin(config);
  return {
    whatsappUrl: `${origin}/webhooks/whatsapp`,
    whatsappVerifyToken: config.WHATSAPP_VERIFY_TOKEN ?? null,
    whatsappReady: Boolean(config.WHATSAPP_APP_SECRET && config.WHATSAPP_VERIFY_TOKEN),
    smsUrl: `${origin}/webhooks/twilio/sms`,
    smsReady: Boolean(config.TWILIO_AUTH_TOKEN),
  };
}

/**
 * The URL Twilio signed: the address it called, on the request's own host with the scheme and
 * port of PUBLIC_BASE_URL when set (a proxy in front changes both), else the request's URL.
 */
export function signedUrl(config: Config, requestUrl: string, host: string): string {
  const url = new URL(requestUrl);
  if (!config.PUBLIC_BASE_URL) return url.href;
  const base = new URL(config.PUBLIC_BASE_URL);
  return `${base.protocol}//${host}${base.port ? `:${base.port}` : ""}${url.pathname}${url.search}`;
}
