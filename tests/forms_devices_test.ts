import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";
import {
  firstQueueId,
  jsonPost,
  openBrowser,
  signInWithForm,
  staffCookie,
} from "./helpers/forms.ts";
import type { FormBrowser, Page } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { sseReader } from "./helpers/sse_reader.ts";
import type { DisplaySnapshot } from "../lib/display/display_snapshot.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

async function createLink(
  owner: FormBrowser,
  fill: Record<string, string>,
): Promise<{ page: Page; link: string }> {
  const page = await owner.visit("/dashboard/devices");
  assert.equal(page.status, 200);
  const answer = await owner.submit(
    page,
    pickForm(page.forms, 'POST /dashboard/devices "Create link"'),
    fill,
  );
  const link = answer.html.match(/data-testid="device-link"[^>]*>([^<]+)</)?.[1]?.trim() ?? "";
  return { page: answer, link };
}

Deno.test("a manager connects a TV display by link; it shows calls live, needs no staff session, and stops once revoked", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", {
      email: "owner@demo.test",
      password: "demo1234",
    });

    const refused = await createLink(owner, { kind: "display", label: "" });
    assert.equal(refused.page.status, 422);
    assert.match(refused.page.html, /Give the device a name/);
    assert.match(refused.page.html, /value="display" checked/, "the choice is kept");

    const { page, link } = await createLink(owner, {
      kind: "display",
      label: "Front window screen",
    });
    assert.equal(page.status, 201);
    assert.match(link, /^http:\/\/demo\.localhost\/display\/connect\?key=dev_[A-Za-z0-9_-]{43}$/);
    assert.match(page.html, /Front window screen/);
    const key = new URL(link).searchParams.get("key")!;
    assert.doesNotMatch(
      (await owner.visit("/dashboard/devices")).html,
      new RegExp(key),
      "shown once",
    );

    // A stranger without the link sees no queue.
    const stranger = openBrowser(app, DEMO);
    const bare = await stranger.visit("/display");
    assert.equal(bare.status, 401);
    assert.match(bare.html, /not connected/);

    // The same key on another tenant's host opens nothing there.
    const elsewhere = openBrowser(app, CAFE);
    assert.equal((await elsewhere.visit(`/display/connect?key=${key}`)).status, 401);
    const cafeOwner = openBrowser(app, CAFE);
    await signInWithForm(cafeOwner, "/dashboard/login", {
      email: "owner@cafe.test",
      password: "cafe1234",
    });
    assert.doesNotMatch((await cafeOwner.visit("/dashboard/devices")).html, /Front window screen/);

    const tv = openBrowser(app, DEMO);
    const shown = await tv.visit(link.replace(DEMO, ""));
    assert.equal(shown.status, 200);
    assert.equal(new URL(shown.url).pathname, "/display");
    assert.match(shown.html, /data-island="TvDisplay"|TvDisplay/);
    assert.match(shown.html, /Now calling/);
    assert.ok(![...tv.cookies.keys()].some((k) => k.includes("session")), "no staff session");

    // Join two parties, then a staff call reaches the display's stream.
    for (const n of [1, 2]) {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `012345670${n}`,
        partySize: 2,
      });
      assert.equal(res.status, 201);
    }
    const cookie = [...tv.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const stream = await app.request(`${DEMO}/display/${queueId}/events`, { headers: { cookie } });
    assert.equal(stream.status, 200);
    const events = sseReader(stream.body!);
    try {
      const first = (await events.next())!.data as DisplaySnapshot;
      assert.deepEqual(first.queues[0]!.next, ["A001", "A002"]);
      assert.deepEqual(first.queues[0]!.calling, []);
      assert.doesNotMatch(JSON.stringify(first), /Guest|0123/, "no names or phones");

      const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
      const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(called.status, 200);
      // The joins' own bump may reach the stream after it opened: an unchanged snapshot first.
      let second = (await events.next())!.data as DisplaySnapshot;
      if (second.queues[0]!.calling.length === 0) {
        assert.deepEqual(second, first);
        second = (await events.next())!.data as DisplaySnapshot;
      }
      assert.deepEqual(second.queues[0]!.calling.map((c) => c.ticket), ["A001"]);
      assert.deepEqual(second.queues[0]!.next, ["A002"]);

      // Revoking from the dashboard ends the open stream and refuses the next page load.
      const list = await owner.visit("/dashboard/devices");
      const revoke = pickForm(
        list.forms,
        'POST /dashboard/devices/:id/revoke "Revoke “Front window screen”"',
      );
      const revoked = await owner.submit(list, revoke);
      assert.equal(revoked.status, 303);
      assert.equal(await events.next(), null, "the stream ended");
    } finally {
      await events.cancel();
    }
    const after = await tv.visit("/display");
    assert.equal(after.status, 401);
    assert.equal(
      (await app.request(`${DEMO}/display/events`, { headers: { cookie } })).status,
      401,
    );
  } finally {
    await app.close();
  }
});

Deno.test("only owners and admins manage displays and kiosks", async () => {
  const app = await startTestApp();
  try {
    const staff = openBrowser(app, DEMO);
    await signInWithForm(staff, "/dashboard/login", {
      email: "staff@demo.test",
      password: "demo1234",
    });
    const page = await staff.visit("/dashboard/devices");
    assert.equal(page.status, 403);
  } finally {
    await app.close();
  }
});

Deno.test("a kiosk joins customers with its own link only, to its own queue, until revoked", async () => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "1" });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", {
      email: "owner@demo.test",
      password: "demo1234",
    });
    const { page, link } = await createLink(owner, {
      kind: "kiosk",
      label: "Door tablet",
      queueId,
    });
    assert.equal(page.status, 201);
    assert.match(link, /\/kiosk\/connect\?key=dev_/);
    const tablet = openBrowser(app, DEMO);
    const shown = await tablet.visit(link.replace(DEMO, ""));
    assert.equal(shown.status, 200);
    assert.equal(new URL(shown.url).pathname, "/kiosk");

    const ask = (body: Record<string, unknown>, browser = tablet) =>
      browser.fetchJson(shown, "/kiosk/join", body);
    const guest = (n: number) => ({
      queueId,
      customerName: `Kiosk ${n}`,
      customerPhone: `01277700${n}`,
      partySize: 2,
    });
    const bad = await ask({ ...guest(0), customerPhone: "12" });
    assert.equal(bad.status, 422);
    assert.match((await bad.json()).fields.customerPhone, /7 to 15 digits/);
    // One tablet at the door takes a family after another: no per-address join limit.
    for (const n of [1, 2, 3]) {
      const res = await ask(guest(n));
      assert.equal(res.status, 201);
      const { ticket } = await res.json();
      assert.equal(ticket.ticketNumber, `A00${n}`);
      assert.equal(ticket.position, n);
      assert.match(
        ticket.statusUrl,
        /^http:\/\/demo\.localhost\/queue\/status\/[A-Za-z0-9_-]{32}$/,
      );
      assert.match(ticket.qrSvg, /^<svg xmlns/);
    }
    // A tablet set to Malay joins its customers in Malay: their messages will speak it.
    const malay = openBrowser(app, DEMO, { acceptLanguage: "ms-MY,ms;q=0.9" });
    const malayShown = await malay.visit(link.replace(DEMO, ""));
    assert.match(malayShown.html, /Ambil tiket saya/);
    // The whole document says so (screen readers and the browser's hyphenation read <html>).
    assert.match(malayShown.html, /<html lang="ms-MY"/);
    const joined = await malay.fetchJson(malayShown, "/kiosk/join", guest(7));
    assert.equal(joined.status, 201);
    await joined.body?.cancel();
    const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
    const locales = await withTenant(
      app.deps.db,
      demo!.id,
      (trx) =>
        trx.selectFrom("queueEntries").select(["customerName", "locale"])
          .where("customerName", "in", ["Kiosk 1", "Kiosk 7"]).orderBy("customerName").execute(),
    );
    assert.deepEqual(locales, [
      { customerName: "Kiosk 1", locale: "en" },
      { customerName: "Kiosk 7", locale: "ms" },
    ]);
    const otherQueue = await ask({ ...guest(4), queueId: crypto.randomUUID() });
    assert.equal(otherQueue.status, 404);
    await otherQueue.body?.cancel();

    // A phone's browser without the kiosk's link cannot use the kiosk's door.
    const stranger = openBrowser(app, DEMO);
    const home = await stranger.visit("/");
    const refused = await stranger.fetchJson(home, "/kiosk/join", guest(5));
    assert.equal(refused.status, 401);
    await refused.body?.cancel();

    const list = await owner.visit("/dashboard/devices");
    await owner.submit(
      list,
      pickForm(list.forms, 'POST /dashboard/devices/:id/revoke "Revoke “Door tablet”"'),
    );
    const after = await ask(guest(6));
    assert.equal(after.status, 401);
    await after.body?.cancel();
    assert.equal((await tablet.visit("/kiosk")).status, 401);
  } finally {
    await app.close();
  }
});
