import { Hono } from "hono";
import type { StaffEnv } from "../../../../lib/http/app_env.ts";
import { notFound } from "../../../../lib/http/errors.ts";
import { param } from "../../../../lib/http/input.ts";
import { renderPage } from "../../../../lib/http/render.tsx";
import { requestOrigin } from "../../../../lib/http/request_origin.ts";
import { listQueueSettings } from "../../../../lib/queue/queue_admin.ts";
import { UuidSchema } from "../../../../lib/queue/queue_schema.ts";
import {
  posterLocales,
  posterSvg,
  posterTexts,
  qrPng,
  qrSvg,
  queueJoinUrl,
} from "../../../../lib/poster/poster.ts";
import { PosterPage } from "../../../../components/screens/PosterPage.tsx";
import type { Context } from "hono";

/** `/dashboard/queues/:id/poster`: a printable QR poster of a queue, and its SVG and PNG. */
const app = new Hono<StaffEnv>();

async function posterOf(c: Context<StaffEnv>) {
  const queueId = param(UuidSchema, c.req.param("id"));
  const queue = (await listQueueSettings(c.get("scope"))).find((q) => q.id === queueId);
  if (!queue) throw notFound("Queue not found");
  const tenant = c.get("tenant");
  const locales = posterLocales(tenant.defaultLocale);
  return {
    queueId,
    tenantName: tenant.name,
    queueName: queue.name,
    url: queueJoinUrl(requestOrigin(c), queueId),
    texts: posterTexts(locales),
  };
}

function fileName(name: string, ext: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "queue";
  return `${slug}-${ext}`;
}

app.get("/:id/poster", async function posterPage(c) {
  const poster = await posterOf(c);
  const size = c.req.query("size") === "a5" ? "a5" : "a4";
  return renderPage(
    c,
    `Poster · ${poster.queueName} · ${poster.tenantName}`,
    <PosterPage {...poster} size={size} qrSvgMarkup={await qrSvg(poster.url)} />,
  );
});

app.get("/:id/poster.svg", async function posterSvgFile(c) {
  const poster = await posterOf(c);
  c.header(
    "Content-Disposition",
    `attachment; filename="${fileName(poster.queueName, "poster.svg")}"`,
  );
  c.header("Cache-Control", "no-store");
  return c.body(await posterSvg(poster), 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
});

app.get("/:id/qr.png", async function qrPngFile(c) {
  const poster = await posterOf(c);
  c.header("Content-Disposition", `attachment; filename="${fileName(poster.queueName, "qr.png")}"`);
  c.header("Cache-Control", "no-store");
  return c.body(await qrPng(poster.url), 200, { "Content-Type": "image/png" });
});

export default app;
