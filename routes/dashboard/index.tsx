import { Hono } from "hono";
import type { AppEnv } from "../../lib/http/app_env.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { requireStaff } from "../../lib/http/session_middleware.ts";
import { requireTenant } from "../../lib/http/tenant_middleware.ts";
import { listQueues } from "../../lib/queue/queue_list.ts";
import { StaffShell } from "../../components/StaffShell.tsx";

/** `/dashboard`: every queue of the tenant with its waiting count. */
const app = new Hono<AppEnv>();

app.get("/", async function dashboardHome(c) {
  const tenant = requireTenant(c);
  const staff = requireStaff(c);
  const queues = await listQueues(c.var.deps.db, tenant.id);
  return renderPage(
    c,
    `Dashboard · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.var.csrfToken}
      canManage={staff.role === "OWNER" || staff.role === "ADMIN"}
    >
      <h1 class="text-xl font-bold">Queues</h1>
      <ul class="mt-4 grid gap-3 sm:grid-cols-2">
        {queues.map((q) => (
          <li key={q.id}>
            <a
              href={`/dashboard/queues/${q.id}`}
              class="block rounded-xl bg-white p-4 shadow-sm hover:ring-2 hover:ring-indigo-500"
            >
              <span class="block font-semibold">{q.name}</span>
              <span class="text-sm text-slate-600">
                {q.waitingCount} waiting · about {q.estimatedWaitTime} min
              </span>
            </a>
          </li>
        ))}
      </ul>
    </StaffShell>,
  );
});

export default app;
