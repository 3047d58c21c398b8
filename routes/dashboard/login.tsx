import { Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { readBody } from "../../lib/http/input.ts";
import { loginRateLimit } from "../../lib/http/rate_limit_middleware.ts";
import { safeNextPath } from "../../lib/http/safe_next.ts";
import { loginWithForm, renderLoginPage } from "../../lib/http/staff_login.tsx";

/** `/dashboard/login`: staff sign-in page; the form posts here, so reload and back behave. */
const app = new Hono<TenantEnv>();

app.get("/", function staffLoginPage(c) {
  const next = safeNextPath(c.req.query("next"), "/dashboard");
  if (c.get("session")) return c.redirect(next, 303);
  return renderLoginPage(c, {
    next,
    notice: c.req.query("reset")
      ? "Your password was changed; sign in with the new one."
      : undefined,
  });
});

app.post("/", loginRateLimit(), async function staffLoginForm(c) {
  return await loginWithForm(c, await readBody(c));
});

export default app;
