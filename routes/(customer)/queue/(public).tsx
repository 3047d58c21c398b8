import { Hono } from "hono";
import { tenantBranding } from "../../../lib/merchant/branding.ts";
import { CustomerBrand } from "../../../components/CustomerBrand.tsx";
import type { TenantEnv } from "../../../lib/http/app_env.ts";
import { notFound } from "../../../lib/http/errors.ts";
import { requestLocale } from "../../../lib/http/customer_locale.ts";
import { renderCachedCustomerPage } from "../../../lib/http/customer_page.tsx";
import { sseResponse } from "../../../lib/realtime/sse.ts";
import { displayChannel } from "../../../lib/display/display_channel.ts";
import { screenMessages } from "../../../lib/i18n/messages/screens.ts";
import { INTL_TAGS } from "../../../lib/i18n/locales.ts";
import { JoinForm } from "../../../components/JoinForm.tsx";
import PublicQueueStatus from "../../../islands/PublicQueueStatus.tsx";

/** `/queue/:id` (spec §3.4): one queue's public status (waiting, wait, now calling) and its join form. */
const app = new Hono<TenantEnv>();

const QUEUE_ID = "{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}";

app.get(`/:id${QUEUE_ID}`, async function publicQueuePage(c) {
  const tenant = c.get("tenant");
  const { reads, db } = c.get("deps");
  const queueId = c.req.param("id");
  const locale = requestLocale(c);
  // Known active queues first: an unknown id never loads (nor keeps) a screen in memory.
  const listing = (await reads.listing(tenant.id)).find((q) => q.id === queueId);
  const queue = listing ? await reads.displayQueue(tenant.id, queueId) : null;
  if (!queue || !listing) {
    throw notFound("This queue is not open. Ask the staff or see all queues.");
  }
  const t = screenMessages.for(locale);
  const branding = await tenantBranding(db, tenant.id);
  const build = (csrfToken: string) => ({
    title: `${queue.queueName} · ${tenant.name}`,
    body: (
      <main class="mx-auto max-w-md px-4 py-8" lang={INTL_TAGS[locale]}>
        <CustomerBrand branding={branding} tenantName={tenant.name} />
        <p class="text-sm font-medium text-slate-600">{tenant.name}</p>
        <h1 class="text-2xl font-bold">{queue.queueName}</h1>
        {listing.description && <p class="text-sm text-slate-600">{listing.description}</p>}
        <PublicQueueStatus
          queue={queue}
          eventsUrl={`/queue/${queueId}/events`}
          locale={locale}
          words={{
            nowCalling: t("queue.nowCalling"),
            nobodyCalled: t("queue.nobodyCalled"),
            waitingOne: t("queue.waiting.one", { count: "{count}" }),
            waitingOther: t("queue.waiting.other", { count: "{count}" }),
            wait: t("queue.wait", { minutes: "{minutes}" }),
            noWait: t("queue.noWait"),
          }}
        />
        <section class="mt-6 rounded-xl bg-white p-5 shadow-sm" aria-labelledby="join-heading">
          <h2 id="join-heading" class="text-lg font-semibold">{t("queue.join")}</h2>
          {listing.acceptingCustomers
            ? (
              <JoinForm
                queueId={queueId}
                serviceTypes={listing.serviceTypes}
                csrfToken={csrfToken}
                locale={locale}
              />
            )
            : <p class="mt-2 text-slate-700">{t("queue.closed")}</p>}
        </section>
        <p class="mt-8 text-center text-sm">
          <a href="/" class="underline">{t("queue.allQueues")}</a>
        </p>
      </main>
    ),
  });
  // Rendered once per state of the queue (its screen and listing) and branding.
  return renderCachedCustomerPage(c, `queue:${queueId}`, [queue, listing, branding], build, {
    locale,
  });
});

app.get(`/:id${QUEUE_ID}/events`, async function publicQueueEvents(c) {
  const tenant = c.get("tenant");
  const queueId = c.req.param("id");
  const listings = await c.get("deps").reads.listing(tenant.id);
  if (!listings.some((q) => q.id === queueId)) throw notFound("Queue not found");
  return sseResponse(c.get("deps").hub, displayChannel(c.get("deps").db, tenant.id, queueId), {
    lastEventId: c.req.header("last-event-id"),
  });
});

export default app;
