import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { formSession, staffCookie } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";

Deno.test("settings: managers edit the business, only the owner sees the plan", async (t) => {
  const app = await startTestApp();
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const put = (cookie: string, body: unknown) =>
      app.request(`${DEMO}/api/settings`, {
        method: "PUT",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    await t.step("an owner changes the time zone; a bad one is a 422 naming it", async () => {
      const ok = await put(owner, { timezone: "Europe/London", brandColor: "#112233" });
      assert.equal(ok.status, 200);
      const { settings } = await ok.json();
      assert.equal(settings.timezone, "Europe/London");
      const bad = await put(owner, { timezone: "Mars/Olympus", phone: "x" });
      assert.equal(bad.status, 422);
      const { fields } = await bad.json();
      assert.equal(fields.timezone, "Choose a time zone such as Asia/Kuala_Lumpur");
      assert.equal(fields.phone, "Enter a valid phone number");
      const again =
        await (await app.request(`${DEMO}/api/settings`, { headers: { cookie: owner } }))
          .json();
      assert.equal(again.settings.timezone, "Europe/London", "a refused change loses nothing");
    });

    await t.step("staff may not; the plan is the owner's alone", async () => {
      assert.equal((await put(staff, { phone: "0123456789" })).status, 403);
      const plan = await app.request(`${DEMO}/api/settings/plan`, { headers: { cookie: owner } });
      assert.equal((await plan.json()).plan.plan, "ENTERPRISE");
      const page = await app.request(`${DEMO}/dashboard/settings`, { headers: { cookie: owner } });
      assert.match(await page.text(), /data-testid="plan"/);
    });

    await t.step("the form keeps bad input with its message", async () => {
      const { cookie, token } = await formSession(app, `${DEMO}/dashboard/login`);
      const res = await app.request(`${DEMO}/dashboard/settings`, {
        method: "POST",
        headers: {
          cookie: `${owner}; ${cookie}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ _csrf: token, businessName: "X", timezone: "UTC" }).toString(),
      });
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /Business name must be at least 2 characters/);
      assert.match(html, /value="X"/);
    });
  } finally {
    await app.close();
  }
});
