import { Hono } from "hono";
import type { StaffEnv } from "../../../../../lib/http/app_env.ts";
import { getPlanSummary } from "../../../../../lib/merchant/settings.ts";

/** `/api/settings/plan`: the tenant's plan and limits, for the owner. */
const app = new Hono<StaffEnv>();

app.get("/", async function getPlanRoute(c) {
  return c.json({ plan: await getPlanSummary(c.get("scope")) });
});

export default app;
