import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumTest, openPage } from "./helpers/browser.ts";
import { axeViolations } from "./helpers/axe.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import {
  DEMO,
  duplicateIds,
  HOST_STAND,
  joinParties,
  openBoard,
  OWNER,
  signIn,
  staffAct,
} from "./helpers/staff_browser.ts";

/** A note pasted as one unbroken word: the kind that used to widen the board. */
const LONG_NOTE = "Allergies:" + "NoPeanutsNoSesame".repeat(25);

async function expectAxeClean(page: Page, what: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `axe on ${what}`);
}

/** How far the page scrolls sideways: 0 when everything fits the window. */
function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
}

chromiumTest(
  "the board, dashboard, queues, settings and users pages pass axe-core, with two queues",
  async (t, { app, base, browser }) => {
    const queueId = await firstQueueId(app, DEMO);
    const owner = await staffCookie(app, DEMO, OWNER.email, OWNER.password);
    const patio = await jsonPost(app, `${DEMO}/api/queues`, { name: "Patio" }, {
      headers: { cookie: owner },
    });
    assert.equal(patio.status, 201);
    const parties = await joinParties(app, queueId, 5, { firstNote: LONG_NOTE });
    await staffAct(app, owner, queueId, "call", parties[1]!.id);
    await staffAct(app, owner, queueId, "call", parties[2]!.id);
    await staffAct(app, owner, queueId, "seat", parties[2]!.id);
    const errors: string[] = [];
    const page = await openPage(browser, errors, "owner", HOST_STAND);
    await signIn(page, base);

    await t.step("the dashboard", () => expectAxeClean(page, "/dashboard"));

    await t.step("the board as cards: waiting, called, just seated, a long note", async () => {
      await openBoard(page, base, queueId);
      await page.getByTestId("recent-strip").waitFor();
      await expectAxeClean(page, "the board (cards)");
      assert.deepEqual(await duplicateIds(page), []);
      assert.equal(await sidewaysOverflow(page), 0, "the long note wraps inside its card");
      const note = page.getByTestId("entry-note");
      assert.equal((await note.textContent())?.includes(LONG_NOTE), true, "all of it is shown");
    });

    await t.step("the board with a confirm armed and an error said", async () => {
      await page.getByRole("button", { name: `Cancel ${parties[0]!.ticketNumber}` }).click();
      await page.getByRole("button", { name: `Sure? Cancel ${parties[0]!.ticketNumber}` })
        .waitFor();
      await expectAxeClean(page, "the board (a confirm armed)");
      await page.keyboard.press("Escape");
      // A colleague seats the called party first; this board's Seat then says why it failed.
      await page.route("**/seat/*", (route) =>
        route.fulfill({
          status: 409,
          contentType: "application/json",
          body: JSON.stringify({ error: "Cannot seat: it is already seated", code: "x" }),
        }));
      await page.getByRole("button", { name: `Seat ${parties[1]!.ticketNumber}` }).click();
      await page.locator('[data-testid="board-message"][data-tone="error"]').waitFor();
      await expectAxeClean(page, "the board (an error message)");
      await page.unroute("**/seat/*");
    });

    await t.step("the board as a dense list, its long note cut and one click away", async () => {
      await page.getByTestId("view-list").click();
      await page.getByTestId("dense-list").waitFor();
      await expectAxeClean(page, "the board (list)");
      assert.deepEqual(await duplicateIds(page), []);
      assert.equal(await sidewaysOverflow(page), 0, "the list keeps to the window");
      const note = page.getByTestId("list-note");
      const closedHeight = (await note.boundingBox())!.height;
      assert.ok(closedHeight < 30, `one line while closed (${closedHeight} px)`);
      await note.locator("summary").click();
      await note.locator("p").waitFor();
      assert.equal(await note.locator("p").textContent(), LONG_NOTE);
      assert.equal(await sidewaysOverflow(page), 0, "the opened note wraps");
      await expectAxeClean(page, "the board (list, a note open)");
      await page.getByTestId("view-cards").click();
    });

    for (const path of ["/dashboard/queues", "/dashboard/settings", "/dashboard/users"]) {
      await t.step(`${path}, with every form's field ids unique`, async () => {
        await page.goto(`${base}${path}`);
        await expectAxeClean(page, path);
        assert.deepEqual(await duplicateIds(page), []);
      });
    }

    await t.step("a queue's settings label focuses that queue's own field", async () => {
      await page.goto(`${base}/dashboard/queues`);
      const patioForm = page.locator("details", { hasText: "Patio" });
      await patioForm.locator("summary").click();
      await patioForm.getByText("Capacity (parties)").click();
      const focused = await page.evaluate(() =>
        (document.activeElement as HTMLInputElement | null)?.form?.action ?? ""
      );
      const patioId = (await patio.json()).queue.id;
      assert.ok(focused.endsWith(`/dashboard/queues/${patioId}/settings`), focused);
    });

    await t.step("the delete confirm page", async () => {
      await page.goto(`${base}/dashboard/queues/${queueId}/delete`);
      await expectAxeClean(page, "the delete confirm page");
    });
    assert.deepEqual(errors.filter((e) => !e.includes("409")), []);
  },
);
