import { asHttpError } from "../../lib/http/error_map.ts";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { LoginSchema } from "../../lib/auth/auth_schema.ts";
import { deleteSession, SESSION_TTL_MS } from "../../lib/auth/session_store.ts";
import { loginBackOfficeUser } from "../../lib/backoffice/backoffice_login.ts";
import { clearCookie, writeCookie } from "../../lib/http/cookies.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { readBody, validate } from "../../lib/http/input.ts";
import { loginRateLimit } from "../../lib/http/rate_limit_middleware.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { SESSION_COOKIE } from "../../lib/http/session_middleware.ts";
import { LoginForm } from "../../components/LoginForm.tsx";
import { isOAuthConfigured } from "../../lib/auth/oauth_client.ts";

/** `/backoffice` on the admin host (or the apex): platform sign-in and sign-out. */
const app = new Hono<AppEnv>();

function loginPage(
  c: Context<AppEnv>,
  extra: { email?: string; message?: string; fields?: Record<string, string> } = {},
  status: 200 | 401 | 422 | 429 = 200,
) {
  return renderPage(
    c,
    "Back office sign-in",
    <LoginForm
      title="StoreHub QMS back office"
      action="/backoffice/login"
      csrfToken={c.get("csrfToken")}
      ssoHref={isOAuthConfigured(c.get("deps").config) ? "/backoffice/oauth/login" : undefined}
      {...extra}
    />,
    status,
  );
}

app.get("/login", function backofficeLoginPage(c) {
  if (c.get("session")?.kind === "backoffice") return c.redirect("/backoffice", 303);
  return loginPage(c);
});

app.post("/login", loginRateLimit(), async function backofficeLogin(c) {
  const body = await readBody(c);
  const email = typeof body.email === "string" ? body.email : "";
  let input;
  try {
    input = validate(LoginSchema, body);
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!(err instanceof HttpError)) throw err;
    return loginPage(c, { email, message: err.message, fields: err.options.fields }, 422);
  }
  let opened;
  try {
    opened = await loginBackOfficeUser(
      c.get("deps").db,
      c.get("deps").kv,
      input,
      {
        failureLimit: c.get("deps").config.FAILED_LOGIN_LIMIT,
        ipAddress: c.get("clientIp"),
        userAgent: c.req.header("user-agent")?.slice(0, 500) ?? null,
      },
    );
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!(err instanceof HttpError) || err.status !== 429) throw err;
    const res = loginPage(c, { email, message: err.message }, 429);
    for (const [k, v] of Object.entries(err.options.headers ?? {})) res.headers.set(k, v);
    return res;
  }
  if (!opened) return loginPage(c, { email, message: "Email or password is incorrect" }, 401);
  const sessionId = c.get("sessionId");
  if (sessionId) await deleteSession(c.get("deps").kv, sessionId);
  writeCookie(c, SESSION_COOKIE, opened.id, SESSION_TTL_MS / 1000);
  return c.redirect("/backoffice", 303);
});

app.post("/logout", async function backofficeLogout(c) {
  const sessionId = c.get("sessionId");
  if (sessionId) await deleteSession(c.get("deps").kv, sessionId);
  clearCookie(c, SESSION_COOKIE);
  return c.redirect("/backoffice/login", 303);
});

export default app;
