import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app_env.ts";
import { renderPage } from "../lib/http/render.tsx";
import { requireTenant } from "../lib/http/tenant_middleware.ts";
import { listQueuesForCustomers } from "../lib/queue/queue_list.ts";
import { listRememberedEntries } from "../lib/queue/customer_actions.ts";
import { readRememberedTickets } from "../lib/http/remembered_tickets.ts";
import { TenantHome } from "../components/TenantHome.tsx";

/** `/`: the tenant's open queues with their waits, and a join form for each. */
const app = new Hono<AppEnv>();

app.get("/", async function tenantHome(c) {
  const tenant = requireTenant(c);
  const { db } = c.var.deps;
  const [queues, remembered] = await Promise.all([
    listQueuesForCustomers(db, tenant.id),
    listRememberedEntries(db, tenant.id, readRememberedTickets(c)),
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
