import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { readBody, validate } from "../../lib/http/input.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { refusalOf } from "../../lib/http/form_refusal.ts";
import { loginRateLimit } from "../../lib/http/rate_limit_middleware.ts";
import {
  AdminPasswordSchema,
  isAdminTokenUsable,
  setAdminPassword,
} from "../../lib/backoffice/admins.ts";
import { AdminPasswordPage } from "../../components/backoffice/AdminsPage.tsx";

/** `/backoffice/password`: an invited admin chooses a password from the mailed link. */
const app = new Hono<AppEnv>();
const INVALID = "This link is invalid, used or expired; ask another admin to invite you again";

app.get("/password", async function adminPasswordPage(c) {
  const token = c.req.query("token") ?? "";
  const usable = await isAdminTokenUsable(c.get("deps").db, token);
  return renderPage(
    c,
    "Choose your password · Back office",
    <AdminPasswordPage
      token={usable ? token : ""}
      csrfToken={c.get("csrfToken")}
      message={usable ? undefined : INVALID}
    />,
    usable ? 200 : 400,
  );
});

app.post("/password", loginRateLimit(), async function adminPasswordSave(c) {
  const body = await readBody(c);
  const token = typeof body.token === "string" ? body.token : "";
  let done = false;
  const err = await refusalOf(async () => {
    done = await setAdminPassword({
      db: c.get("deps").db,
      bcryptRounds: c.get("deps").config.BCRYPT_ROUNDS,
      actor: {
        userType: "SUPERADMIN",
        ipAddress: c.get("clientIp"),
        userAgent: c.req.header("user-agent")?.slice(0, 500) ?? null,
      },
    }, validate(AdminPasswordSchema, body));
  }, [422]);
  if (err) {
    return renderPage(
      c,
      "Choose your password · Back office",
      <AdminPasswordPage
        token={token}
        csrfToken={c.get("csrfToken")}
        message={err.message}
        fields={err.options.fields}
      />,
      422,
    );
  }
  if (!done) {
    return renderPage(
      c,
      "Choose your password · Back office",
      <AdminPasswordPage token="" csrfToken={c.get("csrfToken")} message={INVALID} />,
      400,
    );
  }
  return c.redirect("/backoffice/login", 303);
});

export default app;
