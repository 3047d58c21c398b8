import { Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { joinWithForm, renderHomePage } from "../../lib/http/customer_home.tsx";
import { readBody } from "../../lib/http/input.ts";

/**
 * `/`: the tenant's open queues with their waits, and a join form for each. The forms post
 * here, so a refused join stays at this address and reload or back behave.
 */
const app = new Hono<TenantEnv>();

app.get("/", function tenantHome(c) {
  return renderHomePage(c);
});

app.post("/", async function joinFromHome(c) {
  const body = await readBody(c);
  return await joinWithForm(c, body.queueId, body);
});

export default app;
