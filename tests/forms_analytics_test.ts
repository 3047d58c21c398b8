import assert from "node:assert/strict";
import { openBrowser, signInWithForm } from "./helpers/forms.ts";
import { decodeEntities, formEntries, pickForm } from "./helpers/page_forms.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId } from "./helpers/forms.ts";
import { seedVisits, tenantScope } from "./helpers/analytics_history.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const HOUR = 3_600_000;
const PERIOD_FORM = 'GET /dashboard/analytics "Show"';

/** The text of the element with `data-testid="id"`. */
function testId(html: string, id: string): string {
  const m = html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`));
  if (!m) throw new Error(`no ${id} on the page`);
  return decodeEntities(m[1]!);
}

Deno.test("analytics page: the API's numbers, charts with tables, the period form", async (t) => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const scope = await tenantScope(app, "demo");
    const queueId = await firstQueueId(app, DEMO);
    const at = (h: number) => new Date(Date.now() - h * HOUR).toISOString();
    await seedVisits(scope, queueId, [
      { joinedAt: at(40), callAfter: 9, seatAfter: 6 },
      { joinedAt: at(20), callAfter: 21, completeAfter: 4, platform: "whatsapp" },
      { joinedAt: at(5), callAfter: 3, end: "no-show" },
      { joinedAt: at(0.5) },
    ]);
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", {
      email: "owner@demo.test",
      password: "demo1234",
    });

    await t.step("the page shows what the API says, to the unit", async () => {
      const page = await owner.visit("/dashboard/analytics?period=7d");
      assert.equal(page.status, 200);
      const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const api = await (await app.request(`${DEMO}/api/analytics/dashboard?period=7d`, {
        headers: { cookie },
      })).json();
      assert.equal(testId(page.html, "total-joined"), String(api.totals.joined));
      assert.equal(testId(page.html, "total-served"), String(api.totals.served));
      assert.equal(testId(page.html, "total-avg-wait"), `${api.totals.avgWaitMinutes} min`);
      assert.equal(testId(page.html, "total-p90-wait"), `${api.totals.p90WaitMinutes} min`);
      assert.equal(testId(page.html, "total-avg-service"), `${api.totals.avgServiceMinutes} min`);
      assert.equal(
        testId(page.html, "total-completion"),
        `${Math.round(api.totals.completionRate * 10_000) / 100}%`,
      );
      assert.equal(testId(page.html, "today-waiting"), String(api.today.waiting));
      assert.equal(testId(page.html, "channel-whatsapp"), "1");
      assert.equal(api.totals.joined, 4);
      assert.equal(api.totals.avgWaitMinutes, 11); // (9 + 21 + 3) / 3
    });

    await t.step("four charts, each with its numbers in a table", async () => {
      const { html } = await owner.visit("/dashboard/analytics?period=30d");
      const svgs = [...html.matchAll(/<svg[^>]*role="img"[^>]*aria-label="([^"]+)"/g)].map((m) =>
        m[1]
      );
      assert.deepEqual(svgs, [
        "Customers per day",
        "Joins by weekday and hour",
        "Joined and served per queue",
        "Quote error by hour",
      ]);
      assert.equal((html.match(/<table/g) ?? []).length, 5, "four charts and the channels");
      assert.match(html, /<meta name="viewport" content="width=device-width/);
    });

    await t.step(
      "the period form as a browser sends it: from/to, a bad range kept with its message",
      async () => {
        const page = await owner.visit("/dashboard/analytics");
        const form = pickForm(page.forms, PERIOD_FORM);
        const day = new Date().toISOString().slice(0, 10);
        const ok = await owner.visit(
          `${form.action}?${new URLSearchParams(
            formEntries(form, { from: "2026-01-01", to: day }),
          )}`,
        );
        assert.equal(ok.status, 200);
        assert.match(ok.html, new RegExp(`2026-01-01 to ${day}`));
        const bad = await owner.visit(
          `${form.action}?${new URLSearchParams(
            formEntries(form, { from: day, to: "2026-01-01" }),
          )}`,
        );
        assert.equal(bad.status, 422);
        assert.match(bad.html, /to must not be before from/);
        assert.match(bad.html, new RegExp(`name="from" value="${day}"`));
      },
    );

    await t.step("staff and a plan without analytics are refused with the reason", async () => {
      const staff = openBrowser(app, DEMO);
      await signInWithForm(staff, "/dashboard/login", {
        email: "staff@demo.test",
        password: "demo1234",
      });
      assert.equal((await staff.visit("/dashboard/analytics")).status, 403);
      const cafe = openBrowser(app, CAFE);
      await signInWithForm(cafe, "/dashboard/login", {
        email: "owner@cafe.test",
        password: "cafe1234",
      });
      const refused = await cafe.visit("/dashboard/analytics");
      assert.equal(refused.status, 403);
      assert.match(refused.html, /not part of the FREE plan/);
    });

    await t.step("customer pages link to a privacy note with the retention period", async () => {
      const customer = openBrowser(app, DEMO);
      const home = await customer.visit("/");
      assert.match(home.html, /<a href="\/privacy"[^>]*>Privacy<\/a>/);
      const note = await customer.visit("/privacy");
      assert.equal(note.status, 200);
      assert.match(testId(note.html, "retention"), /deleted after 6 months/);
      const dash = await owner.visit("/dashboard");
      assert.doesNotMatch(dash.html, /href="\/privacy"/, "staff pages do not carry it");
      const ms = await app.request(`${DEMO}/privacy`, { headers: { "accept-language": "ms" } });
      assert.match(await ms.text(), /dipadam selepas 6 bulan/);
    });
  } finally {
    await app.close();
  }
});
