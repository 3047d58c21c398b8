import { Hono } from "hono";
import { tenantBranding } from "../../lib/merchant/branding.ts";
import { CustomerBrand } from "../../components/CustomerBrand.tsx";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { connectDevice, requireDevice } from "../../lib/http/device_auth.ts";
import { readBody, validate } from "../../lib/http/input.ts";
import { pageLocale } from "../../lib/http/page_locale.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { requestOrigin } from "../../lib/http/request_origin.ts";
import { screenMessages } from "../../lib/i18n/messages/screens.ts";
import { INTL_TAGS } from "../../lib/i18n/locales.ts";
import { joinQueue } from "../../lib/queue/join.ts";
import { JoinQueueSchema, UuidSchema } from "../../lib/queue/queue_schema.ts";
import { notFound } from "../../lib/http/errors.ts";
import { qrSvg } from "../../lib/poster/poster.ts";
import Kiosk from "../../islands/Kiosk.tsx";

/** `/kiosk`: a tablet at the door where customers join, opened with a kiosk link (no staff session). */
const app = new Hono<TenantEnv>();

const KioskJoinSchema = JoinQueueSchema.extend({ queueId: UuidSchema });

app.get("/connect", async function connectKiosk(c) {
  const locale = await pageLocale(c);
  await connectDevice(c, "kiosk", c.req.query("key"), locale);
  return c.redirect("/kiosk", 303);
});

app.get("/", async function kioskPage(c) {
  const locale = await pageLocale(c);
  const device = await requireDevice(c, "kiosk", locale);
  const queues = (await c.get("deps").reads.listing(c.get("tenant").id))
    .filter((q) => !device.queueId || q.id === device.queueId);
  const t = screenMessages.for(locale);
  const branding = await tenantBranding(c.get("deps").db, c.get("tenant").id);
  return renderPage(
    c,
    `${c.get("tenant").name} · ${t("kiosk.title")}`,
    <main class="min-h-screen bg-slate-50 px-6 py-8">
      <CustomerBrand branding={branding} tenantName={c.get("tenant").name} />
      <h1 class="mb-8 text-center text-5xl font-black">
        {c.get("tenant").name} · {t("kiosk.title")}
      </h1>
      <Kiosk
        queues={queues.map((q) => ({
          id: q.id,
          name: q.name,
          acceptingCustomers: q.acceptingCustomers,
        }))}
        joinUrl="/kiosk/join"
        idleMs={c.get("deps").config.KIOSK_IDLE_MS}
        words={{
          title: t("kiosk.title"),
          name: t("kiosk.name"),
          phone: t("kiosk.phone"),
          party: t("kiosk.party"),
          fewer: t("kiosk.fewer"),
          more: t("kiosk.more"),
          submit: t("kiosk.submit"),
          ticket: t("kiosk.ticket"),
          position: t("kiosk.position", { position: "{position}" }),
          wait: t("kiosk.wait", { minutes: "{minutes}" }),
          scan: t("kiosk.scan"),
          done: t("kiosk.done"),
          reset: t("kiosk.reset", { seconds: "{seconds}" }),
          closed: t("kiosk.closed"),
          failed: t("kiosk.failed"),
        }}
      />
    </main>,
    200,
    { lang: INTL_TAGS[locale] },
  );
});

/**
 * A join from the kiosk (JSON from its island): the ticket, its place, and a QR code of the
 * status link for the customer's phone. The kiosk keeps no ticket of its own: its next customer
 * starts afresh.
 */
app.post("/join", async function kioskJoin(c) {
  const locale = await pageLocale(c);
  const device = await requireDevice(c, "kiosk", locale);
  const { queueId, ...input } = validate(KioskJoinSchema, await readBody(c));
  if (device.queueId && device.queueId !== queueId) throw notFound("Queue not found");
  // The kiosk's language is the customer's: their messages speak it.
  const { entry, created } = await joinQueue(c.get("scope"), queueId, input, {
    platform: "web",
    locale,
    callingCode: c.get("deps").config.PHONE_COUNTRY_CODE,
  });
  const statusUrl = `${requestOrigin(c)}/queue/status/${entry.sessionId}`;
  return c.json({
    ticket: {
      ticketNumber: entry.ticketNumber,
      position: entry.position,
      estimatedWaitTime: entry.estimatedWaitTime,
      statusUrl,
      qrSvg: await qrSvg(statusUrl),
    },
  }, created ? 201 : 200);
});

export default app;
