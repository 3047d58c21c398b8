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
import { firstQueueId, jsonPost } from "./helpers/forms.ts";
import type { EntryView } from "../lib/queue/entry_view.ts";

const DEMO = "http://demo.localhost";

/** The four parties of the test, in the order they join (tickets A001 to A004). */
const GUESTS = [
  { customerName: "Ana", customerPhone: "0123450001", partySize: 2, notes: "High chair please" },
  { customerName: "Ben", customerPhone: "0123450002", partySize: 4 },
  { customerName: "Chen", customerPhone: "0123450003", partySize: 8, notes: "Birthday, cake at 8" },
  { customerName: "Dee", customerPhone: "0123450004", partySize: 3, notes: "Wheelchair access" },
];

function ticketsIn(page: Page, testId: string): Promise<string[]> {
  return page.locator(`[data-testid="${testId}"] > li`).evaluateAll((els) =>
    els.map((el) => (el as HTMLElement).dataset.ticket ?? "?")
  );
}

/** Waits until a board list shows exactly these tickets (in this order unless `anyOrder`). */
async function expectTickets(
  page: Page,
  testId: string,
  tickets: string[],
  anyOrder = false,
): Promise<void> {
  const norm = (list: string[]) => (anyOrder ? [...list].sort() : list).join(",");
  try {
    await page.waitForFunction(
      ([id, want, sort]) => {
        const seen = [...document.querySelectorAll(`[data-testid="${id}"] > li`)]
          .map((el) => (el as HTMLElement).dataset.ticket ?? "?");
        return (sort ? seen.sort() : seen).join(",") === want;
      },
      [testId, norm(tickets), anyOrder] as const,
      { timeout: TIMEOUT },
    );
  } catch {
    assert.equal(norm(await ticketsIn(page, testId)), norm(tickets), `${testId} on ${page.url()}`);
  }
}

/** The ticket of the row holding keyboard focus, if any. */
function focusedTicket(page: Page): Promise<string | null> {
  return page.evaluate(() =>
    (document.activeElement?.closest("li[data-ticket]") as HTMLElement | null)?.dataset.ticket ??
      null
  );
}

async function expectFocusOn(page: Page, ticket: string): Promise<void> {
  await page.waitForFunction(
    (t) => document.activeElement?.closest("li[data-ticket]")?.getAttribute("data-ticket") === t,
    ticket,
    { timeout: TIMEOUT },
  ).catch(async () => assert.equal(await focusedTicket(page), ticket, "focused row"));
}

async function signInAndOpenBoard(page: Page, base: string, queueId: string): Promise<void> {
  await page.goto(`${base}/dashboard/login`);
  await page.locator('[name="email"]').fill("staff@demo.test");
  await page.locator('[name="password"]').fill("demo1234");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/dashboard`);
  // The board's event stream opening shows its island has hydrated.
  const streaming = page.waitForResponse((r) => r.url().endsWith("/events"));
  await page.goto(`${base}/dashboard/queues/${queueId}`);
  assert.equal((await streaming).status(), 200);
  await expectText(page, "board-live", "Live");
}

/** What the server says is on the board right now: a fresh render of the page. */
async function serverBoard(page: Page, url: string) {
  // From inside the page: the browser resolves *.localhost, Node's resolver may not.
  const html = await page.evaluate(async (u) => await (await fetch(u)).text(), url);
  const pick = (status: string) =>
    [...html.matchAll(new RegExp(`data-ticket="([A-Z0-9]+)" data-status="${status}"`, "g"))]
      .map((m) => m[1]!);
  return { waiting: pick("waiting"), called: pick("called") };
}

/** Holds this page's requests to `pattern` until `release()`: a colleague acting at the same time. */
async function holdRequests(page: Page, pattern: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent = Promise.withResolvers<void>();
  await page.route(pattern, async (route) => {
    sent.resolve();
    await gate;
    await route.continue();
  });
  return { sent: sent.promise, release };
}

chromiumTest(
  "two staff boards reorder, bulk call and resolve conflicts live",
  async (t, { app, base, browser }) => {
    const queueId = await firstQueueId(app, DEMO);
    const boardUrl = `${base}/dashboard/queues/${queueId}`;
    const parties: EntryView[] = [];
    for (const guest of GUESTS) {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, guest);
      assert.equal(res.status, 201);
      parties.push((await res.json()).entry);
    }
    assert.deepEqual(parties.map((p) => p.ticketNumber), ["A001", "A002", "A003", "A004"]);

    const errors: string[] = [];
    const one = await openPage(browser, errors, "staff 1");
    const two = await openPage(browser, errors, "staff 2", { width: 1024, height: 768 });
    const ana = await openPage(browser, errors, "customer A001", PHONE);
    const dee = await openPage(browser, errors, "customer A004", PHONE);
    const boards = [one, two];

    await t.step("both staff boards and two customer pages open live", async () => {
      for (const page of boards) {
        await signInAndOpenBoard(page, base, queueId);
        await expectTickets(page, "waiting-list", ["A001", "A002", "A003", "A004"]);
      }
      for (const [page, party] of [[ana, parties[0]!], [dee, parties[3]!]] as const) {
        await page.goto(`${base}/queue/status/${party.sessionId}`);
        await expectText(page, "live", "Live updates on");
      }
      await expectText(dee, "position", "4");
      const row = await one.locator('li[data-ticket="A003"]').textContent();
      assert.match(row ?? "", /Chen[\s\S]*8 guests[\s\S]*Birthday, cake at 8/);
      for (const page of [one, two, ana, dee]) await setMarker(page);
    });

    await t.step(
      "dragging the last party onto the first row puts it first everywhere",
      async () => {
        await one.locator('li[data-ticket="A004"] [data-drag-handle]')
          .dragTo(one.locator('li[data-ticket="A001"]'));
        for (const page of boards) {
          await expectTickets(page, "waiting-list", ["A004", "A001", "A002", "A003"]);
        }
        await expectText(one, "board-message", "Moved A004 to place 1");
        await expectText(dee, "position", "1");
        await expectText(ana, "position", "2");
      },
    );

    await t.step("dropping a row on the end zone moves it to the end of the line", async () => {
      // Both ends in view first: a scroll during the drag re-targets Chromium's drag source.
      await two.getByTestId("drop-end").scrollIntoViewIfNeeded();
      await two.locator('li[data-ticket="A001"] [data-drag-handle]')
        .dragTo(two.getByTestId("drop-end"));
      for (const page of boards) {
        await expectTickets(page, "waiting-list", ["A004", "A002", "A003", "A001"]);
      }
      await expectText(ana, "position", "4");
    });

    await t.step("Alt+ArrowUp on a focused row moves it; focus stays on it", async () => {
      await two.locator('li[data-ticket="A003"]').focus();
      await two.keyboard.press("Alt+ArrowUp");
      await expectTickets(one, "waiting-list", ["A004", "A003", "A002", "A001"]);
      await expectTickets(two, "waiting-list", ["A004", "A003", "A002", "A001"]);
      await expectFocusOn(two, "A003");
      await two.keyboard.press("Alt+ArrowUp");
      await expectTickets(one, "waiting-list", ["A003", "A004", "A002", "A001"]);
      await expectTickets(two, "waiting-list", ["A003", "A004", "A002", "A001"]);
      await expectFocusOn(two, "A003");
      assert.ok(await two.getByRole("button", { name: "Move A003 up" }).isDisabled());
    });

    await t.step("the Move down button moves a row and keeps focus on it", async () => {
      await one.getByRole("button", { name: "Move A004 down" }).click();
      await expectTickets(two, "waiting-list", ["A003", "A002", "A004", "A001"]);
      await expectTickets(one, "waiting-list", ["A003", "A002", "A004", "A001"]);
      await expectText(one, "board-message", "Moved A004 to place 3");
      await expectFocusOn(one, "A004");
    });

    await t.step("calling two selected parties calls both, live on every page", async () => {
      await one.getByRole("checkbox", { name: "Select A001" }).check();
      await one.getByRole("checkbox", { name: "Select A004" }).check();
      await one.getByRole("button", { name: "Call selected (2)" }).click();
      for (const page of boards) {
        await expectTickets(page, "called-list", ["A001", "A004"], true);
        await expectTickets(page, "waiting-list", ["A003", "A002"]);
      }
      await expectText(one, "board-message", "Called A004, A001");
      await one.getByRole("button", { name: "Call selected (0)" }).waitFor();
      await expectText(ana, "headline", "It's your turn!");
      await expectText(dee, "headline", "It's your turn!");
      const called = one.locator('[data-testid="called-list"] > li[data-ticket="A001"]');
      assert.match(await called.textContent() ?? "", /CODE\s*\d{4,}/);
      for (const page of [one, two, ana, dee]) assert.ok(await markerKept(page), page.url());
      await one.screenshot({ path: "/tmp/qms-board.png", fullPage: true });
    });

    await t.step("seating a party a colleague just seated: 409 and a current board", async () => {
      const held = await holdRequests(two, "**/api/queues/*/seat/*");
      await two.getByRole("button", { name: "Seat A001" }).click();
      await held.sent;
      await one.getByRole("button", { name: "Seat A001" }).click();
      await expectText(one, "board-message", "Seated A001: Ana");
      held.release();
      await expectText(two, "board-message", "Cannot seat A001: it is already seated");
      assert.equal(await two.getByTestId("board-message").getAttribute("data-tone"), "error");
      for (const page of boards) await expectTickets(page, "called-list", ["A004"]);
      await two.unrouteAll();
    });

    await t.step("cancel needs a deliberate second tap; the slower Call gets a 409", async () => {
      const cancel = one.locator('li[data-ticket="A002"] button[aria-label$="Cancel A002"]');
      await cancel.dblclick();
      assert.equal(await cancel.textContent(), "Sure? Cancel", "a double tap only arms it");
      await one.waitForTimeout(300); // let the colour transition finish for the picture
      await one.screenshot({ path: "/tmp/qms-board-confirm.png" });
      await expectTickets(two, "waiting-list", ["A003", "A002"]);
      await two.getByRole("checkbox", { name: "Select A002" }).check();
      await two.getByRole("button", { name: "Call selected (1)" }).waitFor();
      const held = await holdRequests(two, "**/api/queues/*/call/*");
      await two.getByRole("button", { name: "Call A002" }).click();
      await held.sent;
      await one.waitForTimeout(400); // a deliberate second tap, not a bounce
      await one.getByRole("button", { name: "Sure? Cancel A002" }).click();
      await expectText(one, "board-message", "Cancelled A002: Ben");
      held.release();
      await expectText(two, "board-message", "Cannot call A002: it is cancelled");
      await two.getByRole("button", { name: "Call selected (0)" }).waitFor();
      await two.screenshot({ path: "/tmp/qms-board-409.png" });
      await two.unrouteAll();
      const truth = await serverBoard(two, boardUrl);
      assert.deepEqual(truth, { waiting: ["A003"], called: ["A004"] });
      for (const page of boards) {
        await expectTickets(page, "waiting-list", truth.waiting);
        await expectTickets(page, "called-list", truth.called);
      }
      await two.getByRole("heading", { name: "Waiting (1)" }).waitFor();
      await two.getByRole("heading", { name: "Called (1)" }).waitFor();
    });

    await t.step("no page logged an error or a CSP violation (expected 409s aside)", () => {
      // Chrome logs every 4xx response; these are the two conflicts provoked above.
      const conflict = /Failed to load resource: the server responded with a status of 409/;
      assert.equal(errors.filter((e) => conflict.test(e)).length, 2, errors.join("\n"));
      const unexpected = errors.filter((e) => !conflict.test(e));
      assert.deepEqual(unexpected, []);
    });
  },
);
