import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { staffCookie } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";

Deno.test("the manage page creates queues from a form and keeps bad input with messages", async () => {
  const app = await startTestApp();
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    assert.equal(
      (await app.request(`${DEMO}/dashboard/queues`, { headers: { cookie: staff } })).status,
      403,
    );

    const page = await app.request(`${DEMO}/dashboard/queues`, { headers: { cookie: owner } });
    assert.equal(page.status, 200);
    const csrfCookie = page.headers.get("set-cookie")!.split(";")[0]!;
    const token = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
    const cookie = `${owner}; ${csrfCookie}`;
    const post = (fields: Record<string, string>) =>
      app.request(`${DEMO}/dashboard/queues`, {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });

    const bad = await post({
      name: "Patio",
      maxCapacity: "0",
      businessHoursStart: "nine",
      acceptingCustomers: "on",
    });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /value="Patio"/);
    assert.match(html, /value="nine"/);
    assert.match(html, /Capacity must be at least 1/);
    assert.match(html, /Opening time must look like 09:00/);

    const good = await post({
      name: "Patio",
      maxCapacity: "20",
      averageServiceTime: "25",
      isActive: "on",
      acceptingCustomers: "on",
    });
    assert.equal(good.status, 303);
    const list = await (await app.request(`${DEMO}/api/queues`, { headers: { cookie: owner } }))
      .json();
    const patio = list.queues.find((q: { name: string }) => q.name === "Patio");
    assert.equal(patio.maxCapacity, 20);
    assert.equal(patio.allowCancellation, false, "an unticked box is saved as off");
    const home = await (await app.request(`${DEMO}/`)).text();
    assert.match(home, /Patio/);
  } finally {
    await app.close();
  }
});
