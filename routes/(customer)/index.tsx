import { Hono } from "hono";
import { tenantBranding } from "../../lib/merchant/branding.ts";
import { CustomerBrand } from "../../components/CustomerBrand.tsx";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { listQueuesForCustomers } from "../../lib/queue/queue_list.ts";
import { listRememberedEntries } from "../../lib/queue/customer_actions.ts";
import { readRememberedTickets } from "../../lib/http/remembered_tickets.ts";
import { TenantHome } from "../../components/TenantHome.tsx";

/** `/`: the tenant's open queues with their waits, and a join form for each. */
const app = new Hono<TenantEnv>();

app.get("/", async function tenantHome(c) {
  const tenant = c.var.tenant;
  const [queues, remembered] = await Promise.all([
    listQueuesForCustomers(c.var.deps.db, tenant.id),
    listRememberedEntries(c.var.scope, readRememberedTickets(c)),
  ]);
  const branding = await tenantBranding(c.var.deps.db, tenant.id);
  return renderPage(
    c,
    `${tenant.name} · Join the queue`,
    <>
      <CustomerBrand branding={branding} tenantName={tenant.name} />
      <TenantHome
        tenantName={tenant.name}
        queues={queues}
        remembered={remembered}
        csrfToken={c.var.csrfToken}
      />
    </>,
  );
});

export default app;
