/**
 * The customer pages in Chromium as a phone uses them: the join forms on a home page of two
 * queues, a refused join, the ticket page (its code, its link to keep), a cancelled place, "find
 * my place", the 404 pages, the three languages; axe-core finds no violation on any of them.
 */
import assert from "node:assert/strict";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { chromiumTest, expectText, PHONE, TIMEOUT } from "./helpers/browser.ts";
import { axeViolations } from "./helpers/axe.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";

async function phone(
  browser: Browser,
  errors: string[],
  label: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, ...options });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on("pageerror", (err) => errors.push(`${label}: ${err.message}`));
  page.on("console", (msg) => {
    // The 404, 401 and 422 pages this test opens on purpose are logged as failed loads.
    if (
      msg.type() === "error" && !/^Failed to load resource: .* (401|404|422)\b/.test(msg.text())
    ) {
      errors.push(`${label}: ${msg.text()}`);
    }
  });
  return page;
}

async function assertAxeClean(page: Page, what: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `axe on ${what}`);
}

function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

chromiumTest("customer pages: forms, ticket, ways home, languages, axe clean", async (t, ctx) => {
  const { app, base, browser } = ctx;
  const errors: string[] = [];
  const owner = { cookie: await staffCookie(app, DEMO, "owner@demo.test", "demo1234") };
  const created = await jsonPost(app, `${DEMO}/api/queues`, {
    name: "Takeaway",
    businessHoursStart: "00:00",
    businessHoursEnd: "24:00",
  }, { headers: owner });
  assert.equal(created.status, 201);
  const takeaway: string = (await created.json()).queue.id;
  const ana = await phone(browser, errors, "Ana", {
    permissions: ["clipboard-read", "clipboard-write"],
  });
  const section = () =>
    ana.locator("section", { has: ana.getByRole("heading", { name: "Takeaway" }) });

  await t.step(
    "two queues: no id repeats, each label focuses its own field, axe clean",
    async () => {
      await ana.goto(`${base}/`);
      const repeated = await ana.evaluate(() => {
        const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i);
      });
      assert.deepEqual(repeated, []);
      assert.equal(await ana.locator("form[action='/'] input[name=queueId]").count(), 2);
      await section().getByText("Your name").click();
      assert.equal(await focusedId(ana), `q-${takeaway}-customerName`);
      await assertAxeClean(ana, "the home page with two queues");
      // The check itself can fail: a field without a label is found.
      await ana.evaluate(() =>
        document.querySelector("main")!.append(document.createElement("input"))
      );
      assert.match((await axeViolations(ana)).join("\n"), /^label \(critical\)/m);
      await ana.reload();
    },
  );

  await t.step("notes count their characters as they are typed", async () => {
    await section().getByLabel("Notes (optional)").fill("Window seat");
    await expect(section().getByTestId("char-counter"), "11 of 500 characters");
  });

  await t.step("a refused join stays at /, keeps what was typed, focuses the field", async () => {
    await section().getByLabel("Mobile number").fill("12");
    await section().getByRole("button", { name: "Join the queue" }).click();
    await ana.waitForLoadState();
    assert.equal(ana.url(), `${base}/`, "never /api/queues/…/join in the address bar");
    await section().getByText("Please check the highlighted fields").waitFor();
    assert.equal(await focusedId(ana), `q-${takeaway}-customerName`, "the first field in error");
    assert.equal(await section().getByLabel("Mobile number").inputValue(), "12");
    assert.equal(await section().getByLabel("Notes (optional)").inputValue(), "Window seat");
    await expect(section().getByTestId("char-counter"), "11 of 500 characters");
    await assertAxeClean(ana, "the refused join");
  });

  await t.step("the ticket page explains the code and copies its link", async () => {
    await section().getByLabel("Your name").fill("Ana");
    await section().getByLabel("Mobile number").fill("+60 12 345 6789");
    await section().getByRole("button", { name: "Join the queue" }).click();
    await ana.waitForURL(/\/queue\/status\/[A-Za-z0-9_-]{32}$/);
    await expectText(ana, "live", "Live updates on");
    assert.match(await ana.getByTestId("code").textContent() ?? "", /^\d{4}$/);
    await ana.getByText("Keep this code: with your phone number").waitFor();
    assert.equal(await ana.getByTestId("share-url").inputValue(), ana.url());
    await ana.getByLabel("Message", { exact: true }).fill("a".repeat(850));
    await expect(ana.getByTestId("chat-counter"), "850 of 1000 characters");
    await ana.getByLabel("Message", { exact: true }).fill("");
    await ana.getByRole("button", { name: "Copy link" }).click();
    await expectText(ana, "share-said", "Link copied");
    assert.equal(await ana.evaluate(() => navigator.clipboard.readText()), ana.url());
    await assertAxeClean(ana, "the ticket page");
  });

  await t.step("a cancelled place offers to join again", async () => {
    await ana.getByRole("button", { name: "Cancel my place" }).click();
    await ana.getByRole("button", { name: "Yes, give up my place" }).click();
    await expectText(ana, "headline", "Your place was cancelled");
    await assertAxeClean(ana, "the cancelled ticket");
    await ana.getByRole("link", { name: "Join again" }).click();
    await ana.waitForURL(`${base}/`);
  });

  await t.step("find my place: a wrong code stays at its page, says so, axe clean", async () => {
    await ana.goto(`${base}/queue/recover`);
    await assertAxeClean(ana, "find my place");
    await ana.getByLabel("Mobile number").fill("0199999999");
    await ana.getByLabel("Code").fill("1234");
    await ana.getByRole("button", { name: "Find my place" }).click();
    await ana.getByText("No waiting party matches that phone number and code").waitFor();
    assert.equal(ana.url(), `${base}/queue/recover`);
    assert.equal(await ana.getByLabel("Mobile number").inputValue(), "0199999999");
    assert.equal(await ana.evaluate(() => document.activeElement?.getAttribute("role")), "alert");
  });

  await t.step("a missing page and an unknown ticket lead home", async () => {
    for (const path of ["/no/such/page", `/queue/status/${"x".repeat(32)}`]) {
      const res = await ana.goto(`${base}${path}`);
      assert.equal(res?.status(), 404, path);
      await assertAxeClean(ana, path);
      await ana.getByRole("link", { name: "Back to the start" }).click();
      await ana.waitForURL(`${base}/`);
    }
    await ana.goto(`${base}/queue/status/${"x".repeat(32)}`);
    await ana.getByText("This queue link is not valid").waitFor();
  });

  await t.step("staff sign-in: a wrong password stays at /dashboard/login", async () => {
    const staff = await phone(browser, errors, "staff");
    await staff.goto(`${base}/dashboard/login`);
    await staff.getByLabel("Email").fill("staff@demo.test");
    await staff.getByLabel("Password").fill("wrong-password");
    await staff.getByRole("button", { name: "Sign in" }).click();
    await staff.getByText("Email or password is incorrect").waitFor();
    assert.equal(staff.url(), `${base}/dashboard/login`, "never /api/auth/login");
    assert.equal(await focusedId(staff), "f-email");
  });

  await t.step("Malay from Accept-Language, on the home, ticket and 404 pages", async () => {
    const siti = await phone(browser, errors, "Siti", { locale: "ms-MY" });
    await siti.goto(`${base}/`);
    assert.equal(await siti.getAttribute("html", "lang"), "ms");
    await assertAxeClean(siti, "the home page in Malay");
    const first = siti.locator("section").first();
    await first.getByLabel("Nama anda").fill("Siti");
    await first.getByLabel("Nombor telefon bimbit").fill("0123456701");
    await first.getByRole("button", { name: "Sertai giliran" }).click();
    await siti.waitForURL(/\/queue\/status\//);
    await expectText(siti, "headline", "Anda dalam giliran");
    await expectText(siti, "live", "Kemas kini langsung aktif");
    await assertAxeClean(siti, "the ticket page in Malay");
    await siti.goto(`${base}/tiada`);
    await siti.getByRole("link", { name: "Kembali ke halaman utama" }).waitFor();
  });

  await t.step("the switcher works without JavaScript and is remembered", async () => {
    const plain = await phone(browser, errors, "no-js", { javaScriptEnabled: false });
    await plain.goto(`${base}/queue/recover`);
    await plain.getByRole("button", { name: "简体中文" }).click();
    await plain.waitForURL(`${base}/queue/recover`);
    assert.equal(await plain.getAttribute("html", "lang"), "zh-Hans");
    await plain.getByRole("heading", { name: "找回我的位置" }).waitFor();
    await plain.goto(`${base}/`);
    await plain.getByRole("button", { name: "加入队列" }).first().waitFor();
    const wei = await phone(browser, errors, "Wei", { locale: "zh-CN" });
    await wei.goto(`${base}/`);
    await assertAxeClean(wei, "the home page in Chinese");
  });

  assert.deepEqual(errors, []);
});

async function expect(locator: ReturnType<Page["locator"]>, text: string): Promise<void> {
  try {
    await locator.filter({ hasText: text }).waitFor({ timeout: TIMEOUT });
  } catch {
    assert.equal((await locator.textContent())?.trim(), text);
  }
}
