import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { staffActor } from "../../lib/http/actor.ts";
import { readBody, validate } from "../../lib/http/input.ts";
import { requirePerson } from "../../lib/http/session_middleware.ts";
import { requireTenant } from "../../lib/http/tenant_middleware.ts";
import {
  BusinessSettingsSchema,
  getBusinessSettings,
  getPlanSummary,
  updateBusinessSettings,
} from "../../lib/merchant/settings.ts";

/** `/api/settings`: business settings for OWNER and ADMIN; the plan for OWNER only. */
const app = new Hono<AppEnv>();
const MANAGERS = ["OWNER", "ADMIN"] as const;

app.get("/", async function getSettingsRoute(c) {
  const tenant = requireTenant(c);
  requirePerson(c, MANAGERS);
  return c.json({ settings: await getBusinessSettings(c.var.deps.db, tenant.id) });
});

app.put("/", async function updateSettingsRoute(c) {
  const tenant = requireTenant(c);
  requirePerson(c, MANAGERS);
  const actor = staffActor(c, MANAGERS);
  const input = validate(BusinessSettingsSchema, await readBody(c));
  const settings = await updateBusinessSettings(c.var.deps.db, tenant.id, input, actor);
  return c.json({ settings });
});

app.get("/plan", async function getPlanRoute(c) {
  const tenant = requireTenant(c);
  requirePerson(c, ["OWNER"]);
  return c.json({ plan: await getPlanSummary(c.var.deps.db, tenant.id) });
});

export default app;
