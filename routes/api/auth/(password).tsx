import { asHttpError } from "../../../lib/http/error_map.ts";
import { Hono } from "hono";
import { requestOrigin } from "../../../lib/http/request_origin.ts";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import {
  FORGOT_PASSWORD_SENT,
  ForgotPasswordSchema,
  INVALID_RESET_LINK,
  requestPasswordReset,
  resetPassword,
  ResetPasswordSchema,
} from "../../../lib/auth/password_reset.ts";
import { HttpError } from "../../../lib/http/errors.ts";
import { isFormPost, readBody, validate } from "../../../lib/http/input.ts";
import { loginRateLimit } from "../../../lib/http/rate_limit_middleware.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import {
  ForgotPasswordForm,
  ResetLinkInvalid,
  ResetPasswordForm,
} from "../../../components/PasswordForms.tsx";

/** `/api/auth`: forgot and reset password, for JSON clients and the forms of `/dashboard/password`. */
const app = new Hono<TenantEnv>();

const PASSWORD_CHANGED = "Your password was changed; sign in with the new one";

app.post("/forgot-password", loginRateLimit(), async function forgotPassword(c) {
  const tenant = c.get("tenant");
  const form = isFormPost(c);
  const body = await readBody(c);
  const title = `Forgot password · ${tenant.name}`;
  let email: string;
  try {
    email = validate(ForgotPasswordSchema, body).email;
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!form || !(err instanceof HttpError)) throw err;
    const typed = typeof body.email === "string" ? body.email : "";
    return renderPage(
      c,
      title,
      <ForgotPasswordForm
        tenantName={tenant.name}
        csrfToken={c.get("csrfToken")}
        email={typed}
        notice={{ text: err.message, tone: "error" }}
        fields={err.options.fields}
      />,
      422,
    );
  }
  // The mail goes out after this answer, which is the same whether or not the address exists.
  await requestPasswordReset(c.get("scope"), {
    tenantName: tenant.name,
    email,
    origin: requestOrigin(c),
  });
  if (!form) return c.json({ ok: true, message: FORGOT_PASSWORD_SENT });
  return renderPage(
    c,
    title,
    <ForgotPasswordForm
      tenantName={tenant.name}
      csrfToken={c.get("csrfToken")}
      email={email}
      notice={{ text: FORGOT_PASSWORD_SENT, tone: "info" }}
    />,
  );
});

app.post("/reset-password", loginRateLimit(), async function resetPasswordWithLink(c) {
  const tenant = c.get("tenant");
  const form = isFormPost(c);
  const body = await readBody(c);
  const title = `New password · ${tenant.name}`;
  let input;
  try {
    input = validate(ResetPasswordSchema, body);
  } catch (caught) {
    const err = asHttpError(caught) ?? caught;
    if (!form || !(err instanceof HttpError)) throw err;
    const token = typeof body.token === "string" ? body.token : "";
    const typed = (k: string) => (typeof body[k] === "string" ? body[k] as string : undefined);
    return renderPage(
      c,
      title,
      <ResetPasswordForm
        csrfToken={c.get("csrfToken")}
        token={token}
        notice={{ text: err.message, tone: "error" }}
        fields={err.options.fields}
        welcome={body.welcome === "1" ? { tenantName: tenant.name } : undefined}
        values={{ password: typed("password"), confirmPassword: typed("confirmPassword") }}
      />,
      422,
    );
  }
  const { db, kv, config } = c.get("deps");
  const changed = await resetPassword(
    { db, kv, bcryptRounds: config.BCRYPT_ROUNDS },
    tenant.id,
    input,
  );
  if (!changed) {
    if (!form) throw new HttpError(400, INVALID_RESET_LINK);
    return renderPage(c, title, <ResetLinkInvalid message={INVALID_RESET_LINK} />, 400);
  }
  if (form) return c.redirect("/dashboard/login?reset=1", 303);
  return c.json({ ok: true, message: PASSWORD_CHANGED });
});

export default app;
