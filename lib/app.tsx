import { type Context, Hono } from "hono";
import { ErrorPage } from "../components/ErrorPage.tsx";
import { isCustomerPath, requestLocale } from "./http/customer_locale.ts";
import { renderCustomerPage } from "./http/customer_page.tsx";
import type { Locale } from "./i18n/locales.ts";
import { refusalMessages } from "./i18n/messages/refusals.ts";
import type { AppDeps } from "./deps.ts";
import type { AppEnv } from "./http/app_env.ts";
import { csrfProtection } from "./http/csrf.ts";
import { planRateLimit } from "./http/rate_limit_middleware.ts";
import { renderPage } from "./http/render.tsx";
import { errorHandler, requestContext, wantsJson } from "./http/request_context.ts";
import { securityHeaders } from "./http/security_headers.ts";
import { compressResponses } from "./http/compression.ts";
import { loadSession } from "./http/session_middleware.ts";
import { serveStatic } from "./http/static_files.ts";
import { serveServiceWorker } from "./http/service_worker.ts";
import { healthz, readyz } from "./http/health.ts";
import { resolveTenant } from "./http/tenant_middleware.ts";
import { tlsAllowed } from "./http/tls_allowed.ts";
import { mountWithMiddleware } from "./http/area_mount.ts";
import { registerIslands } from "./islands/server.ts";
import { bodyLimit } from "hono/body-limit";
import { HttpError } from "./http/errors.ts";
import type { Manifest } from "./manifest.ts";
import { recordRequestMetrics, serveMetrics } from "./http/metrics.ts";
import { withStatusLane } from "./http/status_lane.ts";

const ROOT = new URL("../", import.meta.url);
/** Every form and JSON body of the app fits in this; more is refused before it is read. */
const MAX_BODY_BYTES = 64 * 1024;

const PAGE_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] as const;

/** Where "back to the start" leads: the area's own start page. */
function homeOf(c: Context<AppEnv>): string {
  if (c.get("area") === "backoffice") return "/backoffice";
  return c.req.path.startsWith("/dashboard") ? "/dashboard" : "/";
}

function renderErrorPage(c: Context<AppEnv>, status: number, message: string): Response {
  if (status >= 300 && status < 400) return c.body(null, status as 303);
  const code = PAGE_STATUSES.find((s) => s === status) ?? 500;
  const home = homeOf(c);
  if (c.get("tenant") && isCustomerPath(c.req.path)) {
    // A customer's error page speaks their language, from the edge's words where it has them.
    const locale = requestLocale(c);
    const words = locale === "en" ? message : customerErrorWords(c.req.path, status, locale);
    return renderCustomerPage(
      c,
      words,
      <ErrorPage status={status} message={words} locale={locale} home={home} />,
      { status: code, locale, back: "/" },
    );
  }
  return renderPage(c, message, <ErrorPage status={status} message={message} home={home} />, code);
}

function customerErrorWords(path: string, status: number, locale: Locale): string {
  const t = refusalMessages.for(locale);
  if (status === 404) return t(path.startsWith("/queue/status/") ? "entry_link" : "page.missing");
  if (status === 429) return t("rate_limited.later");
  if (status === 503) return t("unavailable");
  return t("server_error");
}

/**
 * The whole app: request id and log → security headers → compression → static files → tenant by host →
 * plan rate limit → session → CSRF → the routes of `fresh.gen.ts`. A ticket's status poll is
 * answered in front of all that when it can be (lib/http/status_lane.ts).
 */
export function createApp(
  deps: AppDeps,
  manifest: Manifest,
  options: { statusLane?: boolean } = {},
): Hono<AppEnv> {
  registerIslands(manifest.islands);
  const app = new Hono<AppEnv>();
  app.use(async function injectDeps(c, next) {
    c.set("deps", deps);
    c.set("tenant", null);
    c.set("session", null);
    c.set("csrfToken", "");
    c.set("banner", null);
    await next();
  });
  app.use(requestContext());
  app.use(recordRequestMetrics());
  app.use(securityHeaders({ production: deps.config.isProduction }));
  app.use(compressResponses());
  app.get("/static/*", serveStatic(ROOT));
  app.get("/sw.js", serveServiceWorker(ROOT));
  // Before the host is resolved: a TLS proxy asks about any host, including unknown ones.
  app.get("/internal/tls/allowed", tlsAllowed());
  app.get("/metrics", serveMetrics());
  app.get("/healthz", healthz);
  app.get("/readyz", readyz());
  app.use(resolveTenant());
  app.use(planRateLimit());
  app.use(loadSession());
  app.use(bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new HttpError(413, "The request is too large");
    },
  }));
  app.use(csrfProtection());
  for (const route of manifest.routes) {
    app.route(route.path, mountWithMiddleware(route.app, route.middleware));
  }
  app.notFound((c) => {
    if (wantsJson(c)) return c.json({ error: "Not found", code: "not_found" }, 404);
    return renderErrorPage(c, 404, "There is no page at this address.");
  });
  app.onError(errorHandler(renderErrorPage));
  // `fetch` is what Deno.serve and `app.request` call: a ticket's poll takes the lane first.
  if (options.statusLane !== false) app.fetch = withStatusLane(deps, app.fetch);
  return app;
}
