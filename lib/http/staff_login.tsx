import type { Context } from "hono";
import { LoginForm } from "../../components/LoginForm.tsx";
import { LoginSchema } from "../auth/auth_schema.ts";
import { loginTenantUser } from "../auth/login.ts";
import { deleteSession, SESSION_TTL_MS, type SessionData } from "../auth/session_store.ts";
import type { TenantEnv } from "./app_env.ts";
import { writeCookie } from "./cookies.ts";
import { asHttpError } from "./error_map.ts";
import { HttpError } from "./errors.ts";
import { validate } from "./input.ts";
import { renderPage } from "./render.tsx";
import { safeNextPath } from "./safe_next.ts";
import { SESSION_COOKIE } from "./session_middleware.ts";

export const BAD_LOGIN = "Email or password is incorrect";

/** `/dashboard/login`; its form posts to the page itself, so a refusal stays at this address. */
export function renderLoginPage(
  c: Context<TenantEnv>,
  options: {
    next: string;
    email?: string;
    failure?: HttpError;
    notice?: string;
  },
): Response {
  const tenant = c.get("tenant");
  const { failure } = options;
  return renderPage(
    c,
    `Staff sign-in · ${tenant.name}`,
    <LoginForm
      title={`${tenant.name} staff`}
      action="/dashboard/login"
      csrfToken={c.get("csrfToken")}
      email={options.email}
      next={options.next}
      forgotHref="/dashboard/password/forgot"
      notice={options.notice}
      message={failure?.message}
      fields={failure?.options.fields}
    />,
    !failure
      ? 200
      : failure.status === 422
      ? 422
      : failure.status === 429
      ? 429
      : failure.status === 503
      ? 503
      : 401,
  );
}

/** Signs a staff member in: the session, or the refusal why not (never thrown for a form). */
export async function attemptStaffLogin(
  c: Context<TenantEnv>,
  body: Record<string, unknown>,
): Promise<{ ok: true; session: SessionData } | { ok: false; failure: HttpError }> {
  try {
    const input = validate(LoginSchema, body);
    const opened = await loginTenantUser(c.get("scope"), input, {
      failureLimit: c.get("deps").config.FAILED_LOGIN_LIMIT,
    });
    if (!opened) return { ok: false, failure: new HttpError(401, BAD_LOGIN) };
    const sessionId = c.get("sessionId");
    if (sessionId) await deleteSession(c.get("deps").kv, sessionId);
    writeCookie(c, SESSION_COOKIE, opened.id, SESSION_TTL_MS / 1000);
    return { ok: true, session: opened.session };
  } catch (caught) {
    const err = asHttpError(caught);
    if (!err) throw caught;
    return { ok: false, failure: err };
  }
}

/** The sign-in form as it submits: on to `next`, or the form again with the refusal. */
export async function loginWithForm(
  c: Context<TenantEnv>,
  body: Record<string, unknown>,
): Promise<Response> {
  const next = safeNextPath(body.next, "/dashboard");
  const result = await attemptStaffLogin(c, body);
  if (result.ok) return c.redirect(next, 303);
  for (const [k, v] of Object.entries(result.failure.options.headers ?? {})) c.header(k, v);
  return renderLoginPage(c, {
    next,
    email: typeof body.email === "string" ? body.email : "",
    failure: result.failure,
  });
}
