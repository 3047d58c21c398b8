import type { Context } from "hono";
import type { Locale } from "../i18n/locales.ts";
import type { TenantEnv } from "./app_env.ts";
import { requestLocale } from "./customer_locale.ts";

/**
 * A customer screen's language (the queue page, TV display, kiosk): the same choice as every
 * customer page, the switcher's cookie, else the browser's, else the tenant's default.
 */
export function pageLocale<E extends TenantEnv>(c: Context<E>): Promise<Locale> {
  return Promise.resolve(requestLocale(c));
}
