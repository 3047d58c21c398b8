import { Hono } from "hono";
import type { StaffEnv } from "../../../../../lib/http/app_env.ts";
import { renderPage } from "../../../../../lib/http/render.tsx";
import { AnalyticsQuerySchema } from "../../../../../lib/analytics/analytics_schema.ts";
import { buildAnalyticsReport } from "../../../../../lib/analytics/dashboard.ts";
import { StaffShell } from "../../../../../components/StaffShell.tsx";
import { AnalyticsPage } from "../../../../../components/analytics/AnalyticsPage.tsx";

/** `/dashboard/analytics?period=…` (or from/to): the same figures as `/api/analytics/dashboard`. */
const app = new Hono<StaffEnv>();

app.get("/", async function analyticsPageRoute(c) {
  const raw = c.req.query();
  // An empty date box sends `from=`: the same as leaving it out.
  const asked = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ""));
  const parsed = AnalyticsQuerySchema.safeParse(asked);
  const errors = parsed.success ? undefined : Object.fromEntries(
    parsed.error.issues.map((i) => [String(i.path[0] ?? "period"), i.message]),
  );
  const report = parsed.success ? await buildAnalyticsReport(c.get("scope"), parsed.data) : null;
  return renderPage(
    c,
    `Analytics · ${c.get("tenant").name}`,
    <StaffShell
      tenantName={c.get("tenant").name}
      staffName={c.get("staff").fullName}
      csrfToken={c.get("csrfToken")}
      canManage
    >
      <AnalyticsPage report={report} asked={asked} errors={errors} />
    </StaffShell>,
    parsed.success ? 200 : 422,
  );
});

export default app;
