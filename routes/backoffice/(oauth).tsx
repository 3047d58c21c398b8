import { type Context, Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { isOAuthConfigured } from "../../lib/auth/oauth_client.ts";
import { OAUTH_STATE_TTL_MS } from "../../lib/auth/oauth_state.ts";
import { deleteSession, SESSION_TTL_MS } from "../../lib/auth/session_store.ts";
import {
  finishBackofficeOAuth,
  startBackofficeOAuth,
} from "../../lib/backoffice/backoffice_oauth.ts";
import { clearCookie, readCookie, writeCookie } from "../../lib/http/cookies.ts";
import { notFound } from "../../lib/http/errors.ts";
import { loginRateLimit } from "../../lib/http/rate_limit_middleware.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { SESSION_COOKIE } from "../../lib/http/session_middleware.ts";
import { ErrorPage } from "../../components/ErrorPage.tsx";
import { insertAuditLog } from "../../lib/audit/audit_repo.ts";
import { withPlatform } from "../../lib/db/transaction_repo.ts";
import { requestOrigin } from "../../lib/http/request_origin.ts";

/** `/backoffice/oauth/*`: back-office sign-in with the OpenID provider of OAUTH_ISSUER. */
const app = new Hono<AppEnv>();

/** Binds a started sign-in to this browser; host-only and HttpOnly like every cookie we set. */
const OAUTH_COOKIE = "qms_oauth";

function requireOAuth(c: Context<AppEnv>): void {
  if (!isOAuthConfigured(c.get("deps").config)) throw notFound("Page not found");
}

/** Back-office sign-ins are platform audit rows (no tenant). */
function auditSignIn(c: Context<AppEnv>, action: string, userId: string | null, reason?: string) {
  return withPlatform(c.get("deps").db, (trx) =>
    insertAuditLog(trx, {
      tenantId: null,
      userId,
      userType: "SUPERADMIN",
      action,
      resource: "back_office_user",
      resourceId: userId,
      details: reason ? { via: "oauth", reason } : { via: "oauth" },
      ipAddress: c.get("clientIp"),
      userAgent: c.req.header("user-agent")?.slice(0, 500) ?? null,
    }));
}

function errorPage(c: Context<AppEnv>, status: 400 | 403 | 500, message: string): Response {
  return renderPage(
    c,
    message,
    <ErrorPage status={status} message={message} home="/backoffice" />,
    status,
  );
}

app.get("/oauth/login", loginRateLimit(), async function backofficeOAuthLogin(c) {
  requireOAuth(c);
  const deps = c.get("deps");
  let started;
  try {
    started = await startBackofficeOAuth(deps, `${requestOrigin(c)}/backoffice/oauth/callback`);
  } catch (err) {
    deps.log("error", "backoffice oauth discovery failed", {
      requestId: c.get("requestId"),
      error: String(err),
    });
    return errorPage(c, 500, "The identity provider cannot be reached; try again later");
  }
  writeCookie(c, OAUTH_COOKIE, started.bindingId, OAUTH_STATE_TTL_MS / 1000);
  c.header("Cache-Control", "no-store");
  return c.redirect(started.location.href, 302);
});

app.get("/oauth/callback", async function backofficeOAuthCallback(c) {
  requireOAuth(c);
  const deps = c.get("deps");
  const bindingId = readCookie(c, OAUTH_COOKIE);
  clearCookie(c, OAUTH_COOKIE);
  const result = await finishBackofficeOAuth(deps, bindingId, new URL(c.req.url));
  if (!result.ok) {
    await auditSignIn(c, "backoffice.login-failed", null, result.reason);
    deps.log("warn", "backoffice oauth refused", {
      requestId: c.get("requestId"),
      reason: result.reason,
    });
    return errorPage(c, result.status, result.message);
  }
  await auditSignIn(c, "backoffice.login", result.session.userId);
  deps.log("info", "backoffice oauth sign-in", {
    requestId: c.get("requestId"),
    userId: result.session.userId,
  });
  const sessionId = c.get("sessionId");
  if (sessionId) await deleteSession(deps.kv, sessionId);
  writeCookie(c, SESSION_COOKIE, result.id, SESSION_TTL_MS / 1000);
  return c.redirect("/backoffice", 303);
});

export default app;
