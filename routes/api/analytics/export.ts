import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { validate } from "../../../lib/http/input.ts";
import {
  AnalyticsQuerySchema,
  ExportQuerySchema,
} from "../../../lib/analytics/analytics_schema.ts";
import { exportEntries } from "../../../lib/analytics/export.ts";

/**
 * `/api/analytics/export?format=csv|json&period=…` (or `from`/`to`): one row per entry, streamed
 * (CSV with a header row, or JSON), never buffered for compression.
 */
const app = new Hono<StaffEnv>();

app.get("/", async function analyticsExportRoute(c) {
  const raw = c.req.query();
  const { format } = validate(ExportQuerySchema, raw);
  const { format: _f, ...rest } = raw;
  const query = validate(AnalyticsQuerySchema, rest);
  const out = await exportEntries(c.get("scope"), query, format);
  const name = `analytics-${out.window.label.replace("..", "_to_")}.${format}`;
  return c.body(out.body, 200, {
    "Content-Type": format === "csv"
      ? "text/csv; charset=utf-8"
      : "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}"`,
    // no-transform: the compression middleware would read the whole file into memory first.
    "Cache-Control": "no-store, no-transform",
  });
});

export default app;
