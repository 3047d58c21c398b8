import assert from "node:assert/strict";
import { chromiumTest, expectText, openPage, TIMEOUT } from "./helpers/browser.ts";
import { firstQueueId, staffCookie } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";

chromiumTest(
  "a deactivated staff member's open board stops and goes to the sign-in page",
  async (_t, { app, base, browser }) => {
    const errors: string[] = [];
    const staff = await openPage(browser, errors, "staff");
    const queueId = await firstQueueId(app, DEMO);
    await staff.goto(`${base}/dashboard/login`);
    await staff.locator('[name="email"]').fill("staff@demo.test");
    await staff.locator('[name="password"]').fill("demo1234");
    await staff.getByRole("button", { name: "Sign in" }).click();
    await staff.waitForURL(`${base}/dashboard`);
    await staff.goto(`${base}/dashboard/queues/${queueId}`);
    await expectText(staff, "board-live", "Live");

    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const users = await (await app.request(`${DEMO}/api/users`, { headers: { cookie: owner } }))
      .json();
    const member = users.users.find((u: { email: string }) => u.email === "staff@demo.test");
    assert.ok(member, "the owner sees the staff member");
    const deactivated = await app.request(`${DEMO}/api/users/${member.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json", cookie: owner },
      body: JSON.stringify({ isActive: false }),
    });
    assert.equal(deactivated.status, 200);

    await staff.waitForURL(/\/dashboard\/login\?next=/, { timeout: TIMEOUT * 2 });
    assert.equal(await staff.getByRole("button", { name: "Sign in" }).count(), 1);
  },
);
