import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { readBody, validate } from "../../../../lib/http/input.ts";
import {
  BusinessSettingsSchema,
  getBusinessSettings,
  updateBusinessSettings,
} from "../../../../lib/merchant/settings.ts";

/** `/api/settings`: business settings for OWNER and ADMIN. */
const app = new Hono<StaffEnv>();

app.get("/", async function getSettingsRoute(c) {
  return c.json({ settings: await getBusinessSettings(c.get("scope")) });
});

app.put("/", async function updateSettingsRoute(c) {
  const input = validate(BusinessSettingsSchema, await readBody(c));
  const settings = await updateBusinessSettings(c.get("scope"), input);
  await c.get("deps").tenants.invalidate();
  return c.json({ settings });
});

export default app;
