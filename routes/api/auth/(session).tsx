import { asHttpError } from "../../../lib/http/error_map.ts";
import { Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { LoginSchema } from "../../../lib/auth/auth_schema.ts";
import { loginTenantUser } from "../../../lib/auth/login.ts";
import { deleteSession, SESSION_TTL_MS } from "../../../lib/auth/session_store.ts";
import { clearCookie, writeCookie } from "../../../lib/http/cookies.ts";
import { HttpError } from "../../../lib/http/errors.ts";
import { isFormPost, readBody, validate } from "../../../lib/http/input.ts";
import { loginRateLimit } from "../../../lib/http/rate_limit_middleware.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { safeNextPath } from "../../../lib/http/safe_next.ts";
import { SESSION_COOKIE } from "../../../lib/http/session_middleware.ts";
import { LoginForm } from "../../../components/LoginForm.tsx";

/** `/api/auth`: staff sign-in and sign-out, for JSON clients and the login form. */
const app = new Hono<TenantEnv>();

const BAD_LOGIN = "Email or password is incorrect";

app.post("/login", loginRateLimit(), async function staffLogin(c) {
  const tenant = c.var.tenant;
  const form = isFormPost(c);
  const body = await readBody(c);
  const next = safeNextPath(body.next, "/dashboard");
  let failure: HttpError | null = null;
  let opened = null;
  try {
    const input = validate(LoginSchema, body);
    opened = await loginTenantUser(c.var.scope, input, {
      failureLimit: c.var.deps.config.FAILED_LOGIN_LIMIT,
    });
    if (!opened) failure = new HttpError(401, BAD_LOGIN);
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!(err instanceof HttpError)) throw err;
    failure = err;
  }
  if (failure || !opened) {
    if (!form) throw failure ?? new HttpError(401, BAD_LOGIN);
    for (const [k, v] of Object.entries(failure?.options.headers ?? {})) c.header(k, v);
    return renderPage(
      c,
      `Staff sign-in · ${tenant.name}`,
      <LoginForm
        title={`${tenant.name} staff`}
        action="/api/auth/login"
        csrfToken={c.var.csrfToken}
        email={typeof body.email === "string" ? body.email : ""}
        next={next}
        forgotHref="/dashboard/password/forgot"
        message={failure?.message ?? BAD_LOGIN}
        fields={failure?.options.fields}
      />,
      failure?.status === 422 ? 422 : failure?.status === 429 ? 429 : 401,
    );
  }
  if (c.var.sessionId) await deleteSession(c.var.deps.kv, c.var.sessionId);
  writeCookie(c, SESSION_COOKIE, opened.id, SESSION_TTL_MS / 1000);
  if (form) return c.redirect(next, 303);
  const s = opened.session;
  return c.json({ user: { id: s.userId, email: s.email, fullName: s.fullName, role: s.role } });
});

app.post("/logout", async function staffLogout(c) {
  if (c.var.sessionId) await deleteSession(c.var.deps.kv, c.var.sessionId);
  clearCookie(c, SESSION_COOKIE);
  if (isFormPost(c)) return c.redirect("/dashboard/login", 303);
  return c.json({ ok: true });
});

export default app;
