import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, openBrowser, signInWithForm } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { decodeQrPng } from "./helpers/qr_decode.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

Deno.test("a queue's QR poster holds its join URL, which opens the queue's status and join form", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const joinUrl = `${DEMO}/queue/${queueId}`;
    const staff = openBrowser(app, DEMO);
    await signInWithForm(staff, "/dashboard/login", {
      email: "staff@demo.test",
      password: "demo1234",
    });

    const poster = await staff.visit(`/dashboard/queues/${queueId}/poster`);
    assert.equal(poster.status, 200);
    assert.match(poster.html, /Demo Restaurant|<h1[^>]*>[^<]+<\/h1>/);
    assert.match(poster.html, new RegExp(`data-testid="poster-url">${joinUrl}<`));
    assert.match(poster.html, /Scan to join the queue/);
    assert.match(poster.html, /Imbas untuk menyertai barisan/);
    assert.match(poster.html, /扫码排队/);
    assert.match(poster.html, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(
      (await staff.visit(`/dashboard/queues/${queueId}/poster?size=a5`)).html,
      /poster-a5/,
    );

    const png = await app.request(`${DEMO}/dashboard/queues/${queueId}/qr.png`, {
      headers: { cookie: [...staff.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    assert.equal(png.status, 200);
    assert.equal(png.headers.get("content-type"), "image/png");
    assert.match(png.headers.get("content-disposition") ?? "", /attachment; filename=".+-qr\.png"/);
    assert.equal(decodeQrPng(new Uint8Array(await png.arrayBuffer())), joinUrl);

    const svg = await staff.visit(`/dashboard/queues/${queueId}/poster.svg`);
    assert.equal(svg.status, 200);
    assert.equal(svg.headers.get("content-type"), "image/svg+xml; charset=utf-8");
    const queueName = poster.html.match(/data-testid="poster-queue">([^<]+)</)![1]!;
    assert.ok(svg.html.includes(`>${queueName}</text>`), "the SVG names the queue");
    assert.match(svg.html, /<svg x="40" y="70" width="130" height="130"/);

    // Another tenant's staff cannot print this queue; a visitor is sent to sign in.
    const cafe = openBrowser(app, CAFE);
    await signInWithForm(cafe, "/dashboard/login", {
      email: "owner@cafe.test",
      password: "cafe1234",
    });
    assert.equal((await cafe.visit(`/dashboard/queues/${queueId}/poster`)).status, 404);
    const visitor = await app.request(`${DEMO}/dashboard/queues/${queueId}/qr.png`);
    assert.equal(visitor.status, 303);

    // The scanned address: the queue's public status and its join form, which works.
    const customer = openBrowser(app, DEMO);
    const page = await customer.visit(`/queue/${queueId}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Now calling/);
    assert.match(page.html, /No wait right now/);
    const form = pickForm(page.forms, `POST / "Join the queue"`);
    const joined = await customer.submit(page, form, {
      customerName: "Poster Scan",
      customerPhone: "0123987654",
      partySize: "3",
    });
    assert.equal(joined.status, 303);
    assert.match(joined.location ?? "", /^\/queue\/status\/[A-Za-z0-9_-]{32}$/);
    const after = await customer.visit(`/queue/${queueId}`);
    assert.match(after.html, /1 party waiting/);
    assert.doesNotMatch(after.html, /Poster Scan|0123987654/, "no names or phones");

    // The page speaks the visitor's language, and another tenant's host has no such queue.
    const malay = await app.request(`${DEMO}/queue/${queueId}`, {
      headers: { "accept-language": "ms-MY,ms;q=0.9" },
    });
    assert.match(await malay.text(), /1 kumpulan menunggu/);
    const foreign = await app.request(`${CAFE}/queue/${queueId}`);
    assert.equal(foreign.status, 404);
    await foreign.body?.cancel();
  } finally {
    await app.close();
  }
});
