import type { Context } from "hono";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { Layout } from "../../components/Layout.tsx";
import { collectIslands } from "../islands/server.ts";
import { recordCatalogueUse } from "../i18n/catalogue.ts";
import type { AppEnv } from "./app_env.ts";
import { requestLocale } from "./customer_locale.ts";
import { privacyMessages } from "../i18n/messages/privacy.ts";

/** Customer pages (a tenant's host, outside the dashboard) link to the venue's privacy note. */
function customerPrivacyLink<E extends AppEnv>(c: Context<E>): string | undefined {
  if (c.get("area") !== "tenant" || c.req.path.startsWith("/dashboard")) return undefined;
  const locale = requestLocale(c);
  return privacyMessages.for(locale)("footer.link");
}

export type PageStatus =
  | 200
  | 201
  | 400
  | 401
  | 403
  | 404
  | 409
  | 413
  | 415
  | 422
  | 429
  | 500
  | 503;

/** A full HTML page (`<!DOCTYPE html>…`) with the built CSS, `nonce` and, when needed, the islands. */
export function pageHtml<E extends AppEnv>(
  c: Context<E>,
  title: string,
  body: VNode,
  nonce: string,
  page: { lang?: string; header?: VNode } = {},
): string {
  const { assets } = c.get("deps");
  const { result } = collectIslands(() =>
    recordCatalogueUse(() =>
      renderToString(
        <Layout
          title={title}
          nonce={nonce}
          css={assets.css}
          boot={assets.boot}
          bundles={assets.bundles}
          banner={c.get("banner")}
          privacyLink={customerPrivacyLink(c)}
          lang={page.lang}
          header={page.header}
        >
          {body}
        </Layout>,
      )
    )
  );
  return `<!DOCTYPE html>${result}`;
}

/** Renders a full HTML page with the built CSS, the CSP nonce and, when needed, the islands. */
export function renderPage<E extends AppEnv>(
  c: Context<E>,
  title: string,
  body: VNode,
  status: PageStatus = 200,
  page: { lang?: string; header?: VNode } = {},
): Response {
  const html = pageHtml(c, title, body, c.get("nonce"), page);
  c.header("Cache-Control", "no-store");
  return c.html(html, status);
}
