import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { requireTenant } from "../../lib/http/tenant_middleware.ts";
import { RecoverForm } from "../../components/RecoverForm.tsx";

/** `/queue/recover`: find a lost ticket with the phone number and the code shown at join. */
const app = new Hono<AppEnv>();

app.get("/", function recoverPage(c) {
  const tenant = requireTenant(c);
  return renderPage(
    c,
    `Find my place · ${tenant.name}`,
    <RecoverForm tenantName={tenant.name} csrfToken={c.var.csrfToken} />,
  );
});

export default app;
