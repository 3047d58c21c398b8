import { Hono } from "hono";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { RecoverForm } from "../../../components/RecoverForm.tsx";

/** `/queue/recover`: find a lost ticket with the phone number and the code shown at join. */
const app = new Hono<TenantEnv>();

app.get("/", function recoverPage(c) {
  const tenant = c.var.tenant;
  return renderPage(
    c,
    `Find my place · ${tenant.name}`,
    <RecoverForm tenantName={tenant.name} csrfToken={c.var.csrfToken} />,
  );
});

export default app;
