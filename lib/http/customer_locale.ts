import type { Context } from "hono";
import { type Locale, pickLocale } from "../i18n/locales.ts";
import type { AppEnv } from "./app_env.ts";
import { readCookie, writeCookie } from "./cookies.ts";

/** The visitor's chosen language (set by the switcher on customer pages). */
export const LOCALE_COOKIE = "qms_lang";
const A_YEAR = 60 * 60 * 24 * 365;

/** `lang` attribute values: Simplified Chinese is written Hans. */
export const LANG_ATTRIBUTES: Record<Locale, string> = { en: "en", ms: "ms", zh: "zh-Hans" };

/** The customer page's language: the switcher's cookie, else the browser's, else the tenant's. */
export function requestLocale<E extends AppEnv>(c: Context<E>): Locale {
  return pickLocale({
    cookie: readCookie(c, LOCALE_COOKIE),
    acceptLanguage: c.req.header("accept-language"),
    tenantDefault: c.get("tenant")?.defaultLocale,
  });
}

export function rememberLocale<E extends AppEnv>(c: Context<E>, locale: Locale): void {
  writeCookie(c, LOCALE_COOKIE, locale, A_YEAR);
}

/** Customer pages are those of a tenant's host outside the dashboard and the API. */
export function isCustomerPath(path: string): boolean {
  return !/^\/(dashboard|api|backoffice|webhooks)(\/|$)/.test(path);
}
