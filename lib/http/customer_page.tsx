import type { Context } from "hono";
import type { VNode } from "preact";
import { LanguageSwitcher } from "../../components/LanguageSwitcher.tsx";
import type { Locale } from "../i18n/locales.ts";
import type { AppEnv } from "./app_env.ts";
import { LANG_ATTRIBUTES, requestLocale } from "./customer_locale.ts";
import { type PageStatus, renderPage } from "./render.tsx";

/**
 * A customer page in the visitor's language: `lang` set, the language switcher on top (it
 * brings the visitor back to `back`, this page's own address by default).
 */
export function renderCustomerPage<E extends AppEnv>(
  c: Context<E>,
  title: string,
  body: VNode,
  options: { status?: PageStatus; locale?: Locale; back?: string } = {},
): Response {
  const locale = options.locale ?? requestLocale(c);
  const url = new URL(c.req.url);
  const back = options.back ?? (c.req.method === "GET" ? `${url.pathname}${url.search}` : "/");
  c.header("Vary", "Accept-Language, Cookie");
  return renderPage(c, title, body, options.status ?? 200, {
    lang: LANG_ATTRIBUTES[locale],
    header: <LanguageSwitcher locale={locale} csrfToken={c.var.csrfToken} back={back} />,
  });
}
