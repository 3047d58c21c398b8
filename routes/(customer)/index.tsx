import { Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { readRememberedTickets } from "../../lib/http/remembered_tickets.ts";
import { TenantHome } from "../../components/TenantHome.tsx";

/** `/`: the tenant's open queues with their waits, and a join form for each. */
const app = new Hono<TenantEnv>();

app.get("/", async function tenantHome(c) {
  const tenant = c.var.tenant;
  const { reads } = c.var.deps;
  const [queues, remembered] = await Promise.all([
    reads.listing(tenant.id),
    reads.remembered(tenant.id, readRememberedTickets(c)),
  ]);
  return renderPage(
    c,
    `${tenant.name} · Join the queue`,
    <TenantHome
      tenantName={tenant.name}
      queues={queues}
      remembered={remembered}
      csrfToken={c.var.csrfToken}
    />,
  );
});

export default app;
