import assert from "node:assert/strict";
import { chromiumTest, openPage, PHONE } from "./helpers/browser.ts";

chromiumTest(
  "a back-office admin creates a tenant, opens its subdomain, suspends it and sees the 503 page",
  async (_t, { base, browser }) => {
    const port = new URL(base).port;
    const admin = `http://admin.localhost:${port}`;
    const errors: string[] = [];
    // At phone width, and by keyboard: fields are filled, then Enter submits.
    const page = await openPage(browser, errors, "admin", PHONE);
    await page.goto(`${admin}/backoffice/login`);
    await page.locator('[name="email"]').fill("admin@qms.test");
    await page.locator('[name="password"]').fill("admin1234");
    await page.locator('[name="password"]').press("Enter");
    await page.waitForURL(`${admin}/backoffice`);
    await page.getByRole("link", { name: "Tenants" }).click();
    await page.waitForURL(`${admin}/backoffice/tenants`);

    await page.getByLabel("Business name").fill("Phone Pho");
    await page.getByLabel("Subdomain").fill("demo");
    await page.locator("#slug-check").getByText("This subdomain is taken").waitFor();
    await page.getByLabel("Subdomain").fill("phone-pho");
    await page.locator("#slug-check").getByText("Available").waitFor();
    await page.getByLabel(/Owner email/).fill("owner@pho.test");
    await page.locator('form[method="post"][action="/backoffice/tenants"] select[name="plan"]')
      .selectOption("BASIC");
    await page.getByRole("button", { name: "Create tenant" }).click();
    await page.waitForURL(/\/backoffice\/tenants\/[0-9a-f-]{36}\?created=1$/);
    const detailsUrl = page.url().replace(/\?.*$/, "");
    assert.equal(await page.getByTestId("tenant-status").textContent(), "Active");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `the details page fits a phone (${width}px)`);

    const site = await openPage(browser, errors, "customer", PHONE);
    const home = await site.goto(`http://phone-pho.localhost:${port}/`);
    assert.equal(home?.status(), 200);
    await site.getByText("Phone Pho").first().waitFor();

    await page.goto(detailsUrl);
    await page.getByRole("button", { name: "Deactivate tenant" }).click();
    await page.waitForURL(/toggled=1/);
    assert.equal(await page.getByTestId("tenant-status").textContent(), "Inactive");

    const down = await site.goto(`http://phone-pho.localhost:${port}/`);
    assert.equal(down?.status(), 503);
    await site.getByText("temporarily unavailable").waitFor();
    await site.getByRole("heading", { name: "Back in a moment" }).waitFor();

    // Every back-office page fits a phone: nothing wider than the screen but scrolling tables.
    for (
      const path of [
        "/backoffice",
        "/backoffice/tenants",
        "/backoffice/subscriptions",
        "/backoffice/users",
        "/backoffice/merchants",
        "/backoffice/audit",
        "/backoffice/settings",
        "/backoffice/admins",
      ]
    ) {
      await page.goto(`${admin}${path}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= PHONE.width, `${path} is ${wide}px wide on a ${PHONE.width}px phone`);
    }

    // By keyboard: a focused navigation link is followed with Enter.
    await page.goto(`${admin}/backoffice`);
    await page.getByRole("link", { name: "Settings" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`${admin}/backoffice/settings`);

    const csp = errors.filter((e) => /CSP|pageerror/.test(e));
    assert.deepEqual(csp, [], "no script blocked or failing on the pages");
  },
);
