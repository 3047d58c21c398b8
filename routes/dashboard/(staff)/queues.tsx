import { Hono } from "hono";
import type { StaffEnv } from "../../../lib/http/app_env.ts";
import { notFound } from "../../../lib/http/errors.ts";
import { param } from "../../../lib/http/input.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { boardQueueChannel } from "../../../lib/queue/queue_events.ts";
import { UuidSchema } from "../../../lib/queue/queue_schema.ts";
import { staffStreamResponse } from "../../../lib/realtime/staff_stream.ts";
import { StaffShell } from "../../../components/StaffShell.tsx";
import StaffBoard from "../../../islands/StaffBoard.tsx";
import { getChatTemplates } from "../../../lib/chat/chat_templates.ts";
import { getBoardView } from "../../../lib/users/board_view.ts";

/** `/dashboard/queues/:id`: the live board of one queue, and its event stream. */
const app = new Hono<StaffEnv>();

app.get("/:id", async function boardPage(c) {
  const tenant = c.get("tenant");
  const staff = c.get("staff");
  const queueId = param(UuidSchema, c.req.param("id"));
  const board = await c.get("deps").boards.board(tenant.id, queueId);
  if (!board) throw notFound("Queue not found");
  return renderPage(
    c,
    `${board.queueName} · ${tenant.name}`,
    <StaffShell
      tenantName={tenant.name}
      staffName={staff.fullName}
      csrfToken={c.get("csrfToken")}
      canManage={staff.role === "OWNER" || staff.role === "ADMIN"}
      wide
    >
      <StaffBoard
        board={board}
        eventsUrl={`/dashboard/queues/${queueId}/events`}
        callNextUrl={`/api/queues/${queueId}/call-next`}
        chatTemplates={await getChatTemplates(c.get("scope"))}
        initialView={await getBoardView(c.get("deps").kv, {
          tenantId: tenant.id,
          userId: staff.userId,
        })}
        csrfToken={c.get("csrfToken")}
      />
    </StaffShell>,
  );
});

app.get("/:id/events", async function boardEvents(c) {
  const tenant = c.get("tenant");
  const { boards, hub } = c.get("deps");
  const queueId = param(UuidSchema, c.req.param("id"));
  const board = await boards.board(tenant.id, queueId);
  if (!board) throw notFound("Queue not found");
  return staffStreamResponse(hub, boardQueueChannel(boards, tenant.id, queueId), {
    kv: c.get("deps").kv,
    sessionId: c.get("sessionId"),
    recheckMs: c.get("deps").config.STAFF_STREAM_RECHECK_MS,
    lastEventId: c.req.header("last-event-id"),
  });
});

export default app;
