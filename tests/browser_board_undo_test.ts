import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumTest, expectText, openPage } from "./helpers/browser.ts";
import { firstQueueId, staffCookie } from "./helpers/forms.ts";
import { backdateFinish } from "./helpers/clock_repo.ts";
import {
  DEMO,
  HOST_STAND,
  joinParties,
  openBoard,
  OWNER,
  signIn,
  STAFF,
  staffAct,
} from "./helpers/staff_browser.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";

/** The tickets a board shows as called (cards or list alike). */
function calledTickets(page: Page): Promise<string[]> {
  return page.locator('[data-status="called"][data-ticket]').evaluateAll((els) =>
    els.map((el) => (el as HTMLElement).dataset.ticket!)
  );
}

async function expectCalled(page: Page, tickets: string[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      [...document.querySelectorAll('[data-status="called"][data-ticket]')]
        .map((el) => (el as HTMLElement).dataset.ticket).join(",") === want,
    tickets.join(","),
  ).catch(async () => assert.deepEqual(await calledTickets(page), tickets));
}

/** How many rows of the dense list a person sees without scrolling. */
function rowsInView(page: Page): Promise<number> {
  return page.locator('[data-testid="dense-list"] tbody tr').evaluateAll((rows) =>
    rows.filter((r) => {
      const box = r.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= document.documentElement.clientHeight;
    }).length
  );
}

chromiumTest(
  "the board: guests in words, no-show only once called, seat undone within its minute",
  async (t, { app, base, browser }) => {
    const queueId = await firstQueueId(app, DEMO);
    const owner = await staffCookie(app, DEMO, OWNER.email, OWNER.password);
    const [one, two, three] = await joinParties(app, queueId, 4);
    await staffAct(app, owner, queueId, "call", two!.id);
    const errors: string[] = [];
    const page = await openPage(browser, errors, "host", HOST_STAND);
    const colleague = await openPage(browser, errors, "colleague", HOST_STAND);
    await signIn(page, base, STAFF);
    await signIn(colleague, base, OWNER);
    await openBoard(page, base, queueId);
    await openBoard(colleague, base, queueId);

    await t.step("party sizes read 1 guest, 2 guests", async () => {
      const size = (ticket: string) =>
        page.locator(`li[data-ticket="${ticket}"] [data-testid="party-size"]`).textContent();
      assert.equal(await size(one!.ticketNumber), "1 guest");
      assert.equal(await size(two!.ticketNumber), "2 guests");
      assert.doesNotMatch(await page.content(), /\bppl\b/);
    });

    await t.step("a waiting party offers no No-show; a called one does", async () => {
      const noShow = (ticket: string) => page.getByRole("button", { name: `No-show ${ticket}` });
      assert.equal(await noShow(one!.ticketNumber).count(), 0);
      assert.equal(await noShow(two!.ticketNumber).count(), 1);
      assert.equal(
        await page.getByRole("button", { name: `Cancel ${one!.ticketNumber}` }).count(),
        1,
      );
    });

    await t.step(
      "Seat, then Undo: the party is back among the called, on both boards",
      async () => {
        await page.getByRole("button", { name: `Seat ${two!.ticketNumber}` }).click();
        await expectCalled(colleague, []);
        const undo = page.getByRole("button", { name: `Undo: ${two!.ticketNumber} seated` });
        await undo.click();
        await expectCalled(page, [two!.ticketNumber]);
        await expectCalled(colleague, [two!.ticketNumber]);
        await expectText(
          page,
          "board-message",
          `Undid the seat of ${two!.ticketNumber}: Guest 1 is back`,
        );
        assert.equal(await page.getByTestId("recent-strip").count(), 0, "nothing left to undo");
      },
    );

    await t.step(
      "past the minute, Undo is refused with a message and nothing changes",
      async () => {
        await staffAct(app, owner, queueId, "call", three!.id);
        await expectCalled(page, [two!.ticketNumber, three!.ticketNumber]);
        await page.getByRole("button", { name: `Seat ${three!.ticketNumber}` }).click();
        const undo = page.getByRole("button", { name: `Undo: ${three!.ticketNumber} seated` });
        await undo.waitFor();
        // The database's clock moves on 61 seconds for this seat; the page still offers Undo.
        const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
        await withTenant(app.deps.db, tenant!.id, (trx) => backdateFinish(trx, three!.id, 61));
        await undo.click();
        await expectText(
          page,
          "board-message",
          `Too late to undo: ${three!.ticketNumber} was seated more than 60 seconds ago`,
        );
        assert.equal(
          await page.locator('[data-testid="board-message"]').getAttribute("data-tone"),
          "error",
        );
        await expectCalled(page, [two!.ticketNumber]);
      },
    );
    assert.deepEqual(errors.filter((e) => !e.includes("409")), []);
  },
);

chromiumTest(
  "the dense list shows 15+ parties on a 1366×768 screen and is remembered per person",
  async (t, { app, base, browser }) => {
    const queueId = await firstQueueId(app, DEMO);
    const owner = await staffCookie(app, DEMO, OWNER.email, OWNER.password);
    const parties = await joinParties(app, queueId, 20);
    await staffAct(app, owner, queueId, "call", parties[0]!.id);
    await staffAct(app, owner, queueId, "call", parties[1]!.id);
    const errors: string[] = [];
    const page = await openPage(browser, errors, "host", HOST_STAND);
    await signIn(page, base, STAFF);
    await openBoard(page, base, queueId);

    await t.step("cards show few parties at a time; the list shows 15 or more", async () => {
      const cards = await page.locator("li[data-ticket]").evaluateAll((rows) =>
        rows.filter((r) =>
          r.getBoundingClientRect().bottom <= document.documentElement.clientHeight
        )
          .length
      );
      assert.ok(cards < 15, `cards: ${cards} in view`);
      await page.getByTestId("view-list").click();
      await page.getByTestId("dense-list").waitFor();
      assert.equal(await page.getByTestId("view-list").getAttribute("aria-pressed"), "true");
      const seen = await rowsInView(page);
      assert.ok(seen >= 15, `list: ${seen} rows in view`);
      const first = page.locator('[data-testid="dense-list"] tbody tr').first();
      assert.match((await first.textContent())!, /Seat.*Requeue.*No-show.*Cancel/);
      const waiting = page.locator('[data-testid="dense-list"] tr[data-status="waiting"]').first();
      assert.doesNotMatch((await waiting.textContent())!, /No-show/);
    });

    await t.step("a list action works like the card's", async () => {
      const ticket = parties[2]!.ticketNumber;
      await page.getByRole("button", { name: `Call ${ticket}` }).click();
      await expectCalled(page, [parties[0]!.ticketNumber, parties[1]!.ticketNumber, ticket]);
    });

    await t.step("the choice is kept on reload and on another device, not for others", async () => {
      await openBoard(page, base, queueId);
      await page.getByTestId("dense-list").waitFor();
      const otherDevice = await openPage(browser, errors, "same person, other device", HOST_STAND);
      await signIn(otherDevice, base, STAFF);
      await openBoard(otherDevice, base, queueId);
      assert.equal(await otherDevice.getByTestId("dense-list").count(), 1);
      const someoneElse = await openPage(browser, errors, "owner", HOST_STAND);
      await signIn(someoneElse, base, OWNER);
      await openBoard(someoneElse, base, queueId);
      assert.equal(await someoneElse.getByTestId("dense-list").count(), 0);
      assert.equal(
        await someoneElse.getByTestId("view-cards").getAttribute("aria-pressed"),
        "true",
      );
    });

    await t.step(
      "without JavaScript the switch still works (a form post back to the board)",
      async () => {
        const context = await browser.newContext({
          viewport: HOST_STAND,
          javaScriptEnabled: false,
        });
        const bare = await context.newPage();
        await signIn(bare, base, STAFF);
        await bare.goto(`${base}/dashboard/queues/${queueId}`);
        assert.equal(await bare.getByTestId("dense-list").count(), 1);
        await bare.getByTestId("view-cards").click();
        await bare.waitForURL(`${base}/dashboard/queues/${queueId}`);
        assert.equal(await bare.getByTestId("dense-list").count(), 0);
        assert.equal(await bare.getByTestId("view-cards").getAttribute("aria-pressed"), "true");
        await context.close();
      },
    );
    assert.deepEqual(errors, []);
  },
);
