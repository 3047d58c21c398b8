import { Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { safeNextPath } from "../../lib/http/safe_next.ts";
import { LoginForm } from "../../components/LoginForm.tsx";

/** `/dashboard/login`: staff sign-in page; the form posts to `/api/auth/login`. */
const app = new Hono<TenantEnv>();

app.get("/", function staffLoginPage(c) {
  const tenant = c.var.tenant;
  const next = safeNextPath(c.req.query("next"), "/dashboard");
  if (c.var.session) return c.redirect(next, 303);
  return renderPage(
    c,
    `Staff sign-in · ${tenant.name}`,
    <LoginForm
      title={`${tenant.name} staff`}
      action="/api/auth/login"
      csrfToken={c.var.csrfToken}
      next={next}
      forgotHref="/dashboard/password/forgot"
      notice={c.req.query("reset")
        ? "Your password was changed; sign in with the new one."
        : undefined}
    />,
  );
});

export default app;
