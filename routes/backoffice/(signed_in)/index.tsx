import { type Context, Hono } from "hono";
import type { BackofficeEnv } from "../../../lib/http/app_env.ts";
import { loadDashboard } from "../../../lib/backoffice/dashboard.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { wantsJson } from "../../../lib/http/request_context.ts";
import { BackofficeShell } from "../../../components/backoffice/BackofficeShell.tsx";
import { dashboardFigures, DashboardPage } from "../../../components/backoffice/DashboardPage.tsx";

/** `/backoffice` and `/backoffice/dashboard`: the platform's figures and health. */
const app = new Hono<BackofficeEnv>();

async function dashboard(c: Context<BackofficeEnv>) {
  const d = await loadDashboard(c.get("deps"));
  if (wantsJson(c)) return c.json({ dashboard: d, figures: dashboardFigures(d) });
  return renderPage(
    c,
    "Back office",
    <BackofficeShell
      adminName={c.get("admin").fullName}
      csrfToken={c.get("csrfToken")}
      current="/backoffice"
      title="Dashboard"
    >
      <DashboardPage dashboard={d} nonce={c.get("nonce")} />
    </BackofficeShell>,
  );
}

app.get("/", dashboard);
app.get("/dashboard", dashboard);

export default app;
