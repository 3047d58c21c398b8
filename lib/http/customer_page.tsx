import type { Context } from "hono";
import type { VNode } from "preact";
import { LanguageSwitcher } from "../../components/LanguageSwitcher.tsx";
import type { Locale } from "../i18n/locales.ts";
import type { AppEnv } from "./app_env.ts";
import { LANG_ATTRIBUTES, requestLocale } from "./customer_locale.ts";
import { pageHtml, type PageStatus } from "./render.tsx";
import {
  createTemplateCache,
  CSRF_MARK,
  fillTemplateBytes,
  NONCE_MARK,
  type PageTemplate,
} from "./page_template.ts";
import { acceptsGzip } from "./compression.ts";
import { gzipFill, gzipTemplate } from "./spliced_gzip.ts";

export interface CustomerPageOptions {
  status?: PageStatus;
  locale?: Locale;
  /** Where the language switcher brings the visitor back: this page's own address by default. */
  back?: string;
}

/**
 * A customer page's HTML in the visitor's language: `lang` set, the language switcher on top
 * (its form signed with `csrfToken`), scripts allowed by `nonce`.
 */
export function customerPageHtml<E extends AppEnv>(
  c: Context<E>,
  title: string,
  body: VNode,
  tokens: { nonce: string; csrfToken: string },
  options: CustomerPageOptions = {},
): string {
  const locale = options.locale ?? requestLocale(c);
  return pageHtml(c, title, body, tokens.nonce, {
    lang: LANG_ATTRIBUTES[locale],
    header: (
      <LanguageSwitcher locale={locale} csrfToken={tokens.csrfToken} back={backOf(c, options)} />
    ),
  });
}

function backOf<E extends AppEnv>(c: Context<E>, options: CustomerPageOptions): string {
  if (options.back !== undefined) return options.back;
  if (c.req.method !== "GET") return "/";
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

/** The headers every customer page is sent with. */
export function customerPageHeaders<E extends AppEnv>(c: Context<E>): void {
  c.header("Vary", "Accept-Language, Cookie");
  c.header("Cache-Control", "no-store");
}

/**
 * A customer page in the visitor's language: `lang` set, the language switcher on top (it
 * brings the visitor back to `back`, this page's own address by default).
 */
export function renderCustomerPage<E extends AppEnv>(
  c: Context<E>,
  title: string,
  body: VNode,
  options: CustomerPageOptions = {},
): Response {
  const html = customerPageHtml(c, title, body, {
    nonce: c.get("nonce"),
    csrfToken: c.get("csrfToken"),
  }, options);
  customerPageHeaders(c);
  return c.html(html, options.status ?? 200);
}

// A status page is ~7 KB of text, as much again encoded and ~2 KB gzipped: 2,000 of them ~35 MB.
const templates = createTemplateCache(2_000);

/**
 * A customer page (200) rendered once per `inputs` and filled in per request with its nonce and
 * CSRF token (see page_template.ts). `inputs` must hold every value the page is built from
 * besides the request's tenant, banner, locale and address, which are added here; `build` gets
 * the CSRF token to put in its forms.
 */
export function renderCachedCustomerPage<E extends AppEnv>(
  c: Context<E>,
  page: string,
  inputs: readonly unknown[],
  build: (csrfToken: string) => { title: string; body: VNode },
  options: { locale: Locale; back?: string },
): Response {
  const nonce = c.get("nonce");
  const csrfToken = c.get("csrfToken");
  if (!nonce || !csrfToken) {
    const { title, body } = build(csrfToken);
    return renderCustomerPage(c, title, body, options);
  }
  const back = backOf(c, options);
  const tenant = c.get("tenant");
  const template = templates.get(
    `${tenant?.id}|${page}|${options.locale}|${back}`,
    [...inputs, tenant, c.get("banner"), c.get("area")],
    () => {
      const { title, body } = build(CSRF_MARK);
      return customerPageHtml(c, title, body, { nonce: NONCE_MARK, csrfToken: CSRF_MARK }, {
        locale: options.locale,
        back,
      });
    },
  );
  customerPageHeaders(c);
  const gzip = acceptsGzip(c.req.header("accept-encoding"))
    ? gzipPage(template, nonce, csrfToken)
    : null;
  if (gzip) {
    // Already encoded: the compression middleware only adds `Vary: Accept-Encoding`.
    return c.body(gzip as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "text/html; charset=UTF-8",
      "Content-Encoding": "gzip",
    });
  }
  const html = fillTemplateBytes(template, nonce, csrfToken);
  return c.body(html as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": "text/html; charset=UTF-8",
  });
}

/** The page as gzip, from the template's texts compressed once (see spliced_gzip.ts). */
function gzipPage(template: PageTemplate, nonce: string, csrfToken: string): Uint8Array | null {
  const values = template.slots.map((slot) => slot === "nonce" ? nonce : csrfToken);
  if (template.gzip === undefined) {
    template.gzip = gzipTemplate(template.texts, values.map((v) => v.length));
  }
  return template.gzip && gzipFill(template.gzip, values);
}
