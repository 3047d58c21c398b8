import { Hono } from "hono";
import { tenantBranding } from "../../../lib/merchant/branding.ts";
import { CustomerBrand } from "../../../components/CustomerBrand.tsx";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { notFound } from "../../../lib/http/errors.ts";
import { param } from "../../../lib/http/input.ts";
import { renderCachedCustomerPage } from "../../../lib/http/customer_page.tsx";
import { requestLocale } from "../../../lib/http/customer_locale.ts";
import { requestOrigin } from "../../../lib/http/request_origin.ts";
import ShareTicket from "../../../islands/ShareTicket.tsx";
import { publicQueueChannel } from "../../../lib/queue/queue_events.ts";
import { SessionIdSchema } from "../../../lib/queue/queue_schema.ts";
import { sseResponse } from "../../../lib/realtime/sse.ts";
import QueueStatus from "../../../islands/QueueStatus.tsx";
import { clockTime, messageTime } from "../../../lib/i18n/clock.ts";
import { INTL_TAGS } from "../../../lib/i18n/locales.ts";
import QueueChat from "../../../islands/QueueChat.tsx";
import PushOptIn from "../../../islands/PushOptIn.tsx";

/** `/queue/status/:sessionId`: a customer's live ticket, and its event stream. */
const app = new Hono<TenantEnv>();

app.get("/:sessionId", async function statusPage(c) {
  const tenant = c.get("tenant");
  const { vapid } = c.get("deps");
  const locale = requestLocale(c);
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  const { reads } = c.get("deps");
  const entry = await reads.entryStatus(tenant.id, sessionId);
  if (!entry) throw notFound("This queue link is not valid. Ask the staff or join again.");
  const messages = await reads.chatMessages(tenant.id, entry.id);
  const live = entry.status === "waiting" || entry.status === "called";
  const title = `${entry.ticketNumber} · ${tenant.name}`;
  const branding = await tenantBranding(c.get("deps").db, tenant.id);
  const origin = requestOrigin(c);
  const build = () => ({
    title,
    body: (
      <main class="mx-auto max-w-md px-4 py-8">
        <CustomerBrand branding={branding} tenantName={tenant.name} />
        <p class="text-sm font-medium text-slate-600">{tenant.name} · {entry.queueName}</p>
        <QueueStatus
          entry={entry}
          eventsUrl={`/queue/status/${sessionId}/events`}
          statusUrl={`/api/queues/entry/${sessionId}`}
          actionsUrl={`/api/queues/entry/${sessionId}`}
          locale={locale}
          joinedClock={clockTime(entry.joinedAt, locale, tenant.timeZone)}
          joinUrl="/"
        />
        {live && (
          <ShareTicket
            url={`${origin}/queue/status/${sessionId}`}
            code={entry.verificationCode}
            locale={locale}
            title={title}
          />
        )}
        <QueueChat
          sessionId={sessionId}
          messages={messages}
          closed={entry.status !== "waiting" && entry.status !== "called" &&
            entry.status !== "seated"}
          locale={locale}
          timeZone={tenant.timeZone}
          times={Object.fromEntries(
            messages.map((
              m,
            ) => [m.id, messageTime(m.createdAt, INTL_TAGS[locale], tenant.timeZone)]),
          )}
        />
        {vapid && live && (
          <PushOptIn
            sessionId={sessionId}
            subscribeUrl="/api/queue/push/subscribe"
            vapidPublicKey={vapid.publicKey}
            locale={locale}
          />
        )}
      </main>
    ),
  });
  // Rendered once per state of the ticket (the read model's view), chat and branding.
  return renderCachedCustomerPage(
    c,
    `status:${sessionId}`,
    [entry, messages, branding, origin, vapid],
    build,
    { locale },
  );
});

app.get("/:sessionId/events", async function statusEvents(c) {
  const tenant = c.get("tenant");
  const { reads, hub } = c.get("deps");
  const sessionId = param(SessionIdSchema, c.req.param("sessionId"));
  // From memory once the tenant's live queues are loaded: a reconnect storm runs no queries.
  const queueId = await reads.queueOfSession(tenant.id, sessionId);
  if (!queueId) throw notFound("This queue link is not valid");
  return sseResponse(hub, publicQueueChannel(reads, tenant.id, queueId), {
    lastEventId: c.req.header("last-event-id"),
  });
});

export default app;
