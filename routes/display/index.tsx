import { type Context, Hono } from "hono";
import type { TenantEnv } from "../../lib/http/app_env.ts";
import { connectDevice, DEVICE_COOKIE, requireDevice } from "../../lib/http/device_auth.ts";
import { pageLocale } from "../../lib/http/page_locale.ts";
import { renderPage } from "../../lib/http/render.tsx";
import { notFound } from "../../lib/http/errors.ts";
import { param } from "../../lib/http/input.ts";
import { UuidSchema } from "../../lib/queue/queue_schema.ts";
import { sseResponse, STAFF_STREAM_MS } from "../../lib/realtime/sse.ts";
import {
  authenticateDevice,
  deviceRevocationTopic,
  type DeviceRow,
} from "../../lib/devices/devices.ts";
import { displayChannel } from "../../lib/display/display_channel.ts";
import { loadDisplaySnapshot } from "../../lib/display/display_snapshot.ts";
import { screenMessages } from "../../lib/i18n/messages/screens.ts";
import { INTL_TAGS } from "../../lib/i18n/locales.ts";
import { readCookie } from "../../lib/http/cookies.ts";
import TvDisplay from "../../islands/TvDisplay.tsx";

/**
 * `/display` and `/display/:queueId`: the TV display in the room, opened with a display link a
 * manager made (`/display/connect?key=…`), never with a staff session.
 */
const app = new Hono<TenantEnv>();

app.get("/connect", async function connectDisplay(c) {
  const locale = await pageLocale(c);
  const device = await connectDevice(c, "display", c.req.query("key"), locale);
  return c.redirect(device.queueId ? `/display/${device.queueId}` : "/display", 303);
});

/** A display tied to one queue shows that queue only. */
function queueShown(device: DeviceRow, asked: string | null): string | null {
  if (asked !== null) param(UuidSchema, asked);
  if (device.queueId && asked && asked !== device.queueId) throw notFound("Page not found");
  return device.queueId ?? asked;
}

async function displayPage(c: Context<TenantEnv>, asked: string | null) {
  const locale = await pageLocale(c);
  const device = await requireDevice(c, "display", locale);
  const queueId = queueShown(device, asked);
  const snapshot = await loadDisplaySnapshot(c.get("deps").db, c.get("tenant").id, queueId);
  if (queueId && snapshot.queues.length === 0) throw notFound("Queue not found");
  const t = screenMessages.for(locale);
  return renderPage(
    c,
    `${c.get("tenant").name} · ${t("display.calling")}`,
    <main>
      <h1 class="sr-only">{c.get("tenant").name} · {t("display.calling")}</h1>
      <TvDisplay
        snapshot={snapshot}
        eventsUrl={queueId ? `/display/${queueId}/events` : "/display/events"}
        lang={INTL_TAGS[locale]}
        words={{
          calling: t("display.calling"),
          next: t("display.next"),
          nobodyCalled: t("display.nobodyCalled"),
          nobodyWaiting: t("display.nobodyWaiting"),
          wait: t("display.wait", { minutes: "{minutes}" }),
          noWait: t("display.noWait"),
          waitingOne: t("display.waiting.one", { count: "{count}" }),
          waitingOther: t("display.waiting.other", { count: "{count}" }),
          sound: t("display.sound"),
          soundOn: t("display.soundOn"),
          live: t("display.live"),
          reconnecting: t("display.reconnecting"),
          noQueues: t("display.noQueues"),
        }}
      />
    </main>,
    200,
    { lang: INTL_TAGS[locale] },
  );
}

async function displayEvents(c: Context<TenantEnv>, asked: string | null) {
  const { db, hub, config } = c.get("deps");
  const tenantId = c.get("tenant").id;
  const device = await requireDevice(c, "display", "en");
  const queueId = queueShown(device, asked);
  const secret = readCookie(c, DEVICE_COOKIE.display);
  return sseResponse(hub, displayChannel(db, tenantId, queueId), {
    lastEventId: c.req.header("last-event-id"),
    maxLifetimeMs: STAFF_STREAM_MS,
    endWhenSet: deviceRevocationTopic(device.id),
    recheckMs: config.STAFF_STREAM_RECHECK_MS,
    stillAllowed: async function displayStillLinked() {
      return await authenticateDevice(db, tenantId, "display", secret) !== null;
    },
  });
}

app.get("/", (c) => displayPage(c, null));
app.get("/events", (c) => displayEvents(c, null));
app.get("/:queueId", (c) => displayPage(c, c.req.param("queueId")));
app.get("/:queueId/events", (c) => displayEvents(c, c.req.param("queueId")));

export default app;
