import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { validate } from "../../../lib/http/input.ts";
import { AnalyticsQuerySchema } from "../../../lib/analytics/analytics_schema.ts";
import { buildAnalyticsReport } from "../../../lib/analytics/dashboard.ts";

/** `/api/analytics/dashboard?period=7d` (or `from`/`to`): the tenant's figures for a period. */
const app = new Hono<StaffEnv>();

app.get("/", async function analyticsDashboardRoute(c) {
  const query = validate(AnalyticsQuerySchema, c.req.query());
  c.header("Cache-Control", "no-store");
  return c.json(await buildAnalyticsReport(c.get("scope"), query));
});

export default app;
