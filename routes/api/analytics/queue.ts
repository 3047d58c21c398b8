import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { param, validate } from "../../../lib/http/input.ts";
import { AnalyticsQuerySchema, QueueIdSchema } from "../../../lib/analytics/analytics_schema.ts";
import { buildAnalyticsReport } from "../../../lib/analytics/dashboard.ts";

/** `/api/analytics/queue/:id?period=…`: one queue's figures (404 for another tenant's queue). */
const app = new Hono<StaffEnv>();

app.get("/:id", async function queueAnalyticsRoute(c) {
  const queueId = param(QueueIdSchema, c.req.param("id"));
  const query = validate(AnalyticsQuerySchema, c.req.query());
  c.header("Cache-Control", "no-store");
  return c.json(await buildAnalyticsReport(c.get("scope"), query, { queueId }));
});

export default app;
