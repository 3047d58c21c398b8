import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { listQueues } from "../../../lib/queue/queue_list.ts";
import { withUnreadChats } from "../../../lib/chat/unread.ts";
import { StaffShell } from "../../../components/StaffShell.tsx";
import QueueCounts from "../../../islands/QueueCounts.tsx";
import { dashboardChannel } from "../../../lib/queue/queue_events.ts";
import { staffStreamResponse } from "../../../lib/realtime/staff_stream.ts";

/** `/dashboard`: every queue of the tenant with its live waiting count. */
const app = new Hono<StaffEnv>();

app.get("/", async function dashboardHome(c) {
  const tenant = c.var.tenant;
  const staff = c.var.staff;
  const { db } = c.var.deps;
  const queues = await withUnreadChats(db, tenant.id, await listQueues(db, tenant.id));
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
      <QueueCounts queues={queues} eventsUrl="/dashboard/events" />
    </StaffShell>,
  );
});

app.get("/events", function dashboardEvents(c) {
  const tenant = c.var.tenant;
  const { db, hub } = c.var.deps;
  return staffStreamResponse(hub, dashboardChannel(db, tenant.id), {
    kv: c.var.deps.kv,
    sessionId: c.var.sessionId,
    recheckMs: c.var.deps.config.STAFF_STREAM_RECHECK_MS,
    lastEventId: c.req.header("last-event-id"),
  });
});

export default app;
