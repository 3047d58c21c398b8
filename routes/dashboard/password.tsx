import { Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { INVALID_RESET_LINK, isResetTokenUsable } from "../../lib/auth/password_reset.ts";
import { renderPage } from "../../lib/http/render.tsx";
import {
  ForgotPasswordForm,
  ResetLinkInvalid,
  ResetPasswordForm,
} from "../../components/PasswordForms.tsx";

/** `/dashboard/password`: the forgot-password page and the page a reset link opens. */
const app = new Hono<TenantEnv>();

app.get("/forgot", function forgotPasswordPage(c) {
  const tenant = c.get("tenant");
  return renderPage(
    c,
    `Forgot password · ${tenant.name}`,
    <ForgotPasswordForm tenantName={tenant.name} csrfToken={c.get("csrfToken")} />,
  );
});

app.get("/reset", async function resetPasswordPage(c) {
  const tenant = c.get("tenant");
  const token = c.req.query("token") ?? "";
  const title = `New password · ${tenant.name}`;
  if (!await isResetTokenUsable(c.get("deps").db, tenant.id, token)) {
    return renderPage(c, title, <ResetLinkInvalid message={INVALID_RESET_LINK} />, 400);
  }
  return renderPage(
    c,
    title,
    <ResetPasswordForm
      csrfToken={c.get("csrfToken")}
      token={token}
      welcome={c.req.query("welcome") === "1" ? { tenantName: tenant.name } : undefined}
    />,
  );
});

export default app;
