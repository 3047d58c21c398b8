import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { listQueues } from "../../../lib/queue/queue_list.ts";
import { withUnreadChats } from "../../../lib/chat/unread.ts";
import { StaffShell } from "../../../components/StaffShell.tsx";
import QueueCounts from "../../../islands/QueueCounts.tsx";
import { dashboardChannel } from "../../../lib/queue/queue_events.ts";
import { staffStreamResponse } from "../../../lib/realtime/staff_stream.ts";
import { isFormPost, readBody, validate } from "../../../lib/http/input.ts";
import { BoardViewSchema, setBoardView } from "../../../lib/users/board_view.ts";

/** `/dashboard`: every queue of the tenant with its live waiting count. */
const app = new Hono<StaffEnv>();

app.get("/", async function dashboardHome(c) {
  const tenant = c.get("tenant");
  const staff = c.get("staff");
  const { db } = c.get("deps");
  const queues = await withUnreadChats(db, tenant.id, await listQueues(db, tenant.id));
  return renderPage(
    c,
    `Dashboard · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.get("csrfToken")}
      canManage={staff.role === "OWNER" || staff.role === "ADMIN"}
    >
      <h1 class="text-xl font-bold">Queues</h1>
      <QueueCounts queues={queues} eventsUrl="/dashboard/events" />
    </StaffShell>,
  );
});

app.get("/events", function dashboardEvents(c) {
  const tenant = c.get("tenant");
  const { db, hub } = c.get("deps");
  return staffStreamResponse(hub, dashboardChannel(db, tenant.id), {
    kv: c.get("deps").kv,
    sessionId: c.get("sessionId"),
    recheckMs: c.get("deps").config.STAFF_STREAM_RECHECK_MS,
    lastEventId: c.req.header("last-event-id"),
  });
});

/**
 * `/dashboard/board-view`: remembers this staff member's board layout (cards or list). The
 * board's switch posts JSON; without a script its forms post here and come back to the board.
 */
app.post("/board-view", async function chooseBoardView(c) {
  const input = validate(BoardViewSchema, await readBody(c));
  const staff = c.get("staff");
  await setBoardView(
    c.get("deps").kv,
    { tenantId: staff.tenantId, userId: staff.userId },
    input.view,
  );
  if (isFormPost(c)) {
    return c.redirect(input.queueId ? `/dashboard/queues/${input.queueId}` : "/dashboard", 303);
  }
  return c.json({ view: input.view });
});

export default app;
