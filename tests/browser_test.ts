import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  chromiumTest,
  expectText,
  markerKept,
  openPage,
  PHONE,
  setMarker,
  TIMEOUT,
} from "./helpers/browser.ts";

/** Waits until a board list holds `count` rows. */
async function expectRows(page: Page, testId: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([id, n]) => document.querySelectorAll(`[data-testid="${id}"] > li`).length === n,
    [testId, count] as const,
    { timeout: TIMEOUT },
  ).catch(async () => {
    assert.equal(await page.getByTestId(testId).locator("li").count(), count, testId);
  });
}

async function joinAs(page: Page, base: string, name: string, phone: string, party: number) {
  await page.goto(`${base}/`);
  await page.locator('[name="customerName"]').fill(name);
  await page.locator('[name="customerPhone"]').fill(phone);
  await page.locator('[name="partySize"]').fill(String(party));
  await page.locator('[name="notes"]').fill(`${name} would like a window seat`);
  await page.getByRole("button", { name: "Join the queue" }).click();
  await page.waitForURL(/\/queue\/status\/[A-Za-z0-9_-]{32}$/);
  await expectText(page, "live", "Live updates on");
}

chromiumTest(
  "customers join, staff calls next, every page updates live",
  async (t, { base, browser }) => {
    const errors: string[] = [];
    const ana = await openPage(browser, errors, "customer A", PHONE);
    const ben = await openPage(browser, errors, "customer B", PHONE);
    const staff = await openPage(browser, errors, "staff");

    await t.step("a customer joins from the phone form and sees ticket A001, first", async () => {
      await joinAs(ana, base, "Ana", "+60 12 345 6789", 2);
      await expectText(ana, "ticket", "A001");
      await expectText(ana, "headline", "You're in the queue");
      await expectText(ana, "position", "1");
      await expectText(ana, "eta", "Next");
    });

    await t.step("a second customer gets A002, second in line", async () => {
      await joinAs(ben, base, "Ben", "0123456780", 4);
      await expectText(ben, "ticket", "A002");
      await expectText(ben, "position", "2");
      await expectText(ana, "position", "1");
    });

    await t.step("staff signs in, opens the board and sees both parties waiting", async () => {
      await staff.goto(`${base}/dashboard/login`);
      await staff.locator('[name="email"]').fill("staff@demo.test");
      await staff.locator('[name="password"]').fill("demo1234");
      await staff.getByRole("button", { name: "Sign in" }).click();
      await staff.waitForURL(`${base}/dashboard`);
      // The board's event stream opening shows its island has hydrated.
      const streaming = staff.waitForResponse((r) => r.url().endsWith("/events"));
      await staff.getByRole("link", { name: /Dine-in/ }).click();
      await staff.waitForURL(/\/dashboard\/queues\/[0-9a-f-]{36}$/);
      assert.equal((await streaming).status(), 200);
      await expectRows(staff, "waiting-list", 2);
      const waiting = await staff.getByTestId("waiting-list").textContent();
      assert.match(waiting ?? "", /A001[\s\S]*Ana[\s\S]*A002[\s\S]*Ben/);
      await expectRows(staff, "called-list", 0);
    });

    await t.step("Call next updates all three pages live, without a reload", async () => {
      for (const page of [ana, ben, staff]) await setMarker(page);
      // The customers' pages take their new places from the stream's update itself: neither
      // reads its ticket again (which a page that could not find itself in the update does).
      const reread: string[] = [];
      for (const page of [ana, ben]) {
        page.on("request", (r) => {
          if (r.url().includes("/api/queues/entry/")) reread.push(r.url());
        });
      }
      await staff.getByRole("button", { name: "Call next" }).click();
      await expectText(staff, "board-message", "Called A001: Ana (2 guests)");
      await expectText(ana, "headline", "It's your turn!");
      await ana.locator('[data-status="called"]').waitFor();
      assert.equal(await ana.getByTestId("position").count(), 0);
      await expectText(ben, "position", "1");
      await expectText(ben, "eta", "Next");
      await expectRows(staff, "waiting-list", 1);
      await expectRows(staff, "called-list", 1);
      assert.match(await staff.getByTestId("called-list").textContent() ?? "", /A001[\s\S]*Ana/);
      assert.match(await staff.getByTestId("waiting-list").textContent() ?? "", /A002/);
      await staff.getByRole("heading", { name: "Waiting (1)" }).waitFor();
      await staff.getByRole("heading", { name: "Called (1)" }).waitFor();
      for (const page of [ana, ben, staff]) assert.ok(await markerKept(page), page.url());
      await expectText(ana, "live", "Live updates on");
      assert.deepEqual(reread, []);
    });

    await t.step("the called ticket looks right on a phone", async () => {
      const card = ana.locator('[data-status="called"]');
      assert.ok(await card.isVisible());
      const look = await card.evaluate((el) => ({
        background: getComputedStyle(el).backgroundColor,
        overflow: document.documentElement.scrollWidth - innerWidth,
      }));
      assert.notEqual(look.background, "rgba(0, 0, 0, 0)", "the card is styled");
      assert.notEqual(look.background, "rgb(255, 255, 255)", "the called card is not white");
      assert.ok(look.overflow <= 0, "nothing scrolls sideways on a phone");
      await ana.screenshot({ path: "/tmp/qms-called.png", fullPage: true });
    });

    await t.step("no page logged a console error, a page error or a CSP violation", () => {
      assert.deepEqual(errors, []);
    });
  },
);
