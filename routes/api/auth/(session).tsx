import { Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { deleteSession } from "../../../lib/auth/session_store.ts";
import { clearCookie } from "../../../lib/http/cookies.ts";
import { isFormPost, readBody } from "../../../lib/http/input.ts";
import { loginRateLimit } from "../../../lib/http/rate_limit_middleware.ts";
import { SESSION_COOKIE } from "../../../lib/http/session_middleware.ts";
import { attemptStaffLogin, loginWithForm } from "../../../lib/http/staff_login.tsx";

/** `/api/auth`: staff sign-in and sign-out, for JSON clients and the login form. */
const app = new Hono<TenantEnv>();

app.post("/login", loginRateLimit(), async function staffLogin(c) {
  const body = await readBody(c);
  // A form posted here (a page cached before the form posted to its own page) is answered there.
  if (isFormPost(c)) return await loginWithForm(c, body);
  const result = await attemptStaffLogin(c, body);
  if (!result.ok) throw result.failure;
  const s = result.session;
  return c.json({ user: { id: s.userId, email: s.email, fullName: s.fullName, role: s.role } });
});

app.post("/logout", async function staffLogout(c) {
  const sessionId = c.get("sessionId");
  if (sessionId) await deleteSession(c.get("deps").kv, sessionId);
  clearCookie(c, SESSION_COOKIE);
  if (isFormPost(c)) return c.redirect("/dashboard/login", 303);
  return c.json({ ok: true });
});

export default app;
