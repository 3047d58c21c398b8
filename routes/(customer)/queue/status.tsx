import { Hono } from "hono";
import { tenantBranding } from "../../../lib/merchant/branding.ts";
import { CustomerBrand } from "../../../components/CustomerBrand.tsx";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { notFound } from "../../../lib/http/errors.ts";
import { param } from "../../../lib/http/input.ts";
import { renderPage } from "../../../lib/http/render.tsx";
import { findEntryQueueId, getEntryStatus } from "../../../lib/queue/entry_status.ts";
import { publicQueueChannel } from "../../../lib/queue/queue_events.ts";
import { SessionIdSchema } from "../../../lib/queue/queue_schema.ts";
import { sseResponse } from "../../../lib/realtime/sse.ts";
import QueueStatus from "../../../islands/QueueStatus.tsx";
import QueueChat from "../../../islands/QueueChat.tsx";
import { getChatHistory } from "../../../lib/chat/chat.ts";
import PushOptIn from "../../../islands/PushOptIn.tsx";

/** `/queue/status/:sessionId`: a customer's live ticket, and its event stream. */
const app = new Hono<TenantEnv>();

app.get("/:sessionId", async function statusPage(c) {
  const tenant = c.var.tenant;
  const { vapid } = c.var.deps;
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  const entry = await getEntryStatus(c.var.deps.db, tenant.id, sessionId);
  if (!entry) throw notFound("This queue link is not valid. Ask the staff or join again.");
  const chat = await getChatHistory(c.var.scope, { sessionId });
  const branding = await tenantBranding(c.var.deps.db, tenant.id);
  return renderPage(
    c,
    `${entry.ticketNumber} · ${tenant.name}`,
    <main class="mx-auto max-w-md px-4 py-8">
      <CustomerBrand branding={branding} tenantName={tenant.name} />
      <p class="text-sm font-medium text-slate-500">{tenant.name} · {entry.queueName}</p>
      <QueueStatus
        entry={entry}
        eventsUrl={`/queue/status/${sessionId}/events`}
        statusUrl={`/api/queues/entry/${sessionId}`}
        actionsUrl={`/api/queues/entry/${sessionId}`}
      />
      <QueueChat
        sessionId={sessionId}
        messages={chat.messages}
        closed={chat.status !== "waiting" && chat.status !== "called" && chat.status !== "seated"}
      />
      {vapid && (entry.status === "waiting" || entry.status === "called") && (
        <PushOptIn
          sessionId={sessionId}
          subscribeUrl="/api/queue/push/subscribe"
          vapidPublicKey={vapid.publicKey}
        />
      )}
    </main>,
  );
});

app.get("/:sessionId/events", async function statusEvents(c) {
  const tenant = c.var.tenant;
  const { db, hub } = c.var.deps;
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  const queueId = await findEntryQueueId(db, tenant.id, sessionId);
  if (!queueId) throw notFound("This queue link is not valid");
  return sseResponse(hub, publicQueueChannel(db, tenant.id, queueId), {
    lastEventId: c.req.header("last-event-id"),
  });
});

export default app;
