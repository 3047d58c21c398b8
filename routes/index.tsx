import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app_env.ts";
import { renderPage } from "../lib/http/render.tsx";
import { requireTenant } from "../lib/http/tenant_middleware.ts";
import { listQueues } from "../lib/queue/queue_list.ts";
import { TenantHome } from "../components/TenantHome.tsx";

/** `/`: the tenant's open queues with their waits, and a join form for each. */
const app = new Hono<AppEnv>();

app.get("/", async function tenantHome(c) {
  const tenant = requireTenant(c);
  const queues = await listQueues(c.var.deps.db, tenant.id);
  return renderPage(
    c,
    `${tenant.name} · Join the queue`,
    <TenantHome tenantName={tenant.name} queues={queues} csrfToken={c.var.csrfToken} />,
  );
});

export default app;
