import { Hono } from "hono";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { loadTenantOverview } from "../../../lib/backoffice/overview.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { BackofficeHome } from "../../../components/BackofficeHome.tsx";

/** `/backoffice`: the tenant overview, for a signed-in platform admin. */
const app = new Hono<BackofficeEnv>();

app.get("/", async function backofficeHome(c) {
  const tenants = await loadTenantOverview(c.var.deps.db);
  return renderPage(
    c,
    "Back office",
    <BackofficeHome
      adminName={c.var.admin.fullName}
      tenants={tenants}
      csrfToken={c.var.csrfToken}
    />,
  );
});

export default app;
