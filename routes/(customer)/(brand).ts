import { Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { brandCss, tenantBranding } from "../../lib/merchant/branding.ts";

/** `/brand.css`: the tenant's brand colour for its customers' pages (empty without the plan). */
const app = new Hono<TenantEnv>();

app.get("/brand.css", async function brandStylesheet(c) {
  const branding = await tenantBranding(c.get("deps").db, c.get("tenant").id);
  const css = branding?.brandColor ? brandCss(branding.brandColor) : "";
  // The page links it with the colour in the query, so a change is a new address.
  c.header("Cache-Control", "public, max-age=300");
  return c.body(css, 200, { "Content-Type": "text/css; charset=utf-8" });
});

export default app;
