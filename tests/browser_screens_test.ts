import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumTest, expectText, openPage, TIMEOUT } from "./helpers/browser.ts";
import { axeViolations } from "./helpers/axe.ts";
import {
  firstQueueId,
  jsonPost,
  openBrowser,
  signInWithForm,
  staffCookie,
} from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { decodeQrPng } from "./helpers/qr_decode.ts";
import type { TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";

/** A device link made as a manager makes it: the Screens page's form. */
async function deviceKey(app: TestApp, kind: "display" | "kiosk", label: string): Promise<string> {
  const owner = openBrowser(app, DEMO);
  await signInWithForm(owner, "/dashboard/login", {
    email: "owner@demo.test",
    password: "demo1234",
  });
  const page = await owner.visit("/dashboard/devices");
  const made = await owner.submit(
    page,
    pickForm(page.forms, 'POST /dashboard/devices "Create link"'),
    {
      kind,
      label,
    },
  );
  assert.equal(made.status, 201);
  return made.html.match(/key=(dev_[A-Za-z0-9_-]{43})/)![1]!;
}

async function join(app: TestApp, queueId: string, n: number): Promise<void> {
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: `Guest ${n}`,
    customerPhone: `01234500${String(n).padStart(2, "0")}`,
    partySize: 2,
  });
  assert.equal(res.status, 201);
}

/** The QR code shown in an element, read from a screenshot of it. */
async function qrIn(page: Page, testId: string): Promise<string | null> {
  return decodeQrPng(await page.getByTestId(testId).screenshot());
}

chromiumTest(
  "the TV display shows a staff call live with a chime, and is axe clean",
  async (_t, { app, base, browser }) => {
    const errors: string[] = [];
    const queueId = await firstQueueId(app, DEMO);
    await join(app, queueId, 1);
    await join(app, queueId, 2);
    const key = await deviceKey(app, "display", "Dining room");
    const tv = await openPage(browser, errors, "tv", { width: 1920, height: 1080 });
    await tv.goto(`${base}/display/connect?key=${key}`);
    assert.equal(new URL(tv.url()).pathname, "/display");
    await expectText(tv, "display-live", "Live");
    await expectText(tv, "display-next", "A001A002");
    assert.deepEqual(await axeViolations(tv), []);
    await tv.getByRole("button", { name: "Turn on the chime" }).click();
    await expectText(
      tv,
      "tv-display",
      (await tv.getByTestId("tv-display").textContent())!.trim().replace(
        "Turn on the chime",
        "Chime on",
      ),
    );

    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
      headers: { cookie: staff },
    });
    assert.equal(called.status, 200);
    await expectText(tv, "display-calling", "A001");
    await expectText(tv, "display-next", "A002");
    await expectText(tv, "display-announce", "Now calling: A001");
    await tv.waitForFunction(
      () =>
        document.querySelector('[data-testid="tv-display"]')?.getAttribute("data-chimes") === "1",
      undefined,
      { timeout: TIMEOUT },
    );
    assert.deepEqual(errors, []);
  },
);

chromiumTest(
  "a kiosk joins with big buttons, shows the ticket with a QR of its status link, then clears itself",
  async (_t, { app, base, browser }) => {
    const errors: string[] = [];
    const key = await deviceKey(app, "kiosk", "Door tablet");
    const kiosk = await openPage(browser, errors, "kiosk", { width: 1024, height: 1366 });
    await kiosk.goto(`${base}/kiosk/connect?key=${key}`);
    assert.equal(new URL(kiosk.url()).pathname, "/kiosk");
    await kiosk.getByTestId("kiosk-form").waitFor();
    assert.deepEqual(await axeViolations(kiosk), []);

    // A refused join keeps what was typed and says what is wrong.
    await kiosk.getByLabel("Your name").fill("Kiki");
    await kiosk.getByLabel("Mobile number").fill("12");
    await kiosk.getByRole("button", { name: "Get my ticket" }).click();
    await kiosk.getByText("Phone number must have 7 to 15 digits").waitFor();
    assert.equal(await kiosk.getByLabel("Your name").inputValue(), "Kiki");

    await kiosk.getByLabel("Mobile number").fill("0123 777 888");
    await kiosk.getByRole("button", { name: "One guest more" }).click();
    await kiosk.getByRole("button", { name: "One guest more" }).click();
    await expectText(kiosk, "kiosk-party", "4");
    await kiosk.getByRole("button", { name: "Get my ticket" }).click();
    await expectText(kiosk, "kiosk-ticket-number", "A001");
    const statusUrl = await qrIn(kiosk, "kiosk-qr");
    assert.match(statusUrl ?? "", new RegExp(`^${base}/queue/status/[A-Za-z0-9_-]{32}$`));
    assert.deepEqual(await axeViolations(kiosk), []);
    // The QR leads to the customer's own live ticket.
    const phone = await openPage(browser, errors, "phone");
    await phone.goto(statusUrl!);
    await phone.getByText("A001").first().waitFor();

    // Left alone, the kiosk clears the ticket and the form (KIOSK_IDLE_MS is short here).
    await kiosk.getByTestId("kiosk-form").waitFor({ timeout: TIMEOUT });
    assert.equal(await kiosk.getByLabel("Your name").inputValue(), "");
    assert.equal(await kiosk.getByLabel("Mobile number").inputValue(), "");
    await expectText(kiosk, "kiosk-party", "2");
    // The refused join's answer is logged by the browser; nothing else may be.
    assert.deepEqual(errors.filter((e) => !e.includes("status of 422")), []);
  },
  { KIOSK_IDLE_MS: "3000" },
);

chromiumTest(
  "a queue's page follows calls live and is axe clean; its poster's QR reads back to it",
  async (_t, { app, base, browser }) => {
    const errors: string[] = [];
    const queueId = await firstQueueId(app, DEMO);
    await join(app, queueId, 1);
    const visitor = await openPage(browser, errors, "visitor");
    await visitor.goto(`${base}/queue/${queueId}`);
    await expectText(visitor, "queue-calling", "Nobody called yet");
    assert.deepEqual(await axeViolations(visitor), []);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
      headers: { cookie: staff },
    });
    await expectText(visitor, "queue-calling", "A001");

    const desk = await openPage(browser, errors, "desk");
    await desk.goto(`${base}/dashboard/login`);
    await desk.locator('[name="email"]').fill("staff@demo.test");
    await desk.locator('[name="password"]').fill("demo1234");
    await desk.getByRole("button", { name: "Sign in" }).click();
    await desk.waitForURL(`${base}/dashboard`);
    await desk.goto(`${base}/dashboard/queues/${queueId}/poster`);
    assert.equal(await qrIn(desk, "poster-qr"), `${base}/queue/${queueId}`);
    assert.deepEqual(errors, []);
  },
);
