import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumTest, openPage } from "./helpers/browser.ts";
import { firstQueueId } from "./helpers/forms.ts";
import { DEMO, HOST_STAND, signIn } from "./helpers/staff_browser.ts";

/** The id of the element holding keyboard focus. */
function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? "");
}

chromiumTest(
  "staff forms: focus lands on the first field in error, limited fields count characters",
  async (t, { app, base, browser }) => {
    const queueId = await firstQueueId(app, DEMO);
    const errors: string[] = [];
    const page = await openPage(browser, errors, "owner", HOST_STAND);
    await signIn(page, base);

    await t.step("a refused new queue puts focus on its first wrong field", async () => {
      await page.goto(`${base}/dashboard/queues`);
      const form = page.locator('form[action="/dashboard/queues"]');
      await form.getByLabel("Name").fill("Patio");
      await form.getByLabel("Capacity (parties)").fill("0");
      await form.getByLabel("Opens at").fill("nine");
      await form.getByRole("button", { name: "Create queue" }).click();
      await page.waitForFunction(() => document.activeElement?.id === "q-new-maxCapacity")
        .catch(async () => assert.equal(await focusedId(page), "q-new-maxCapacity"));
      assert.equal(await page.locator("#q-new-maxCapacity").inputValue(), "0", "input kept");
      assert.equal(await page.locator("#q-new-maxCapacity").getAttribute("aria-invalid"), "true");
    });

    await t.step("a queue's name counts its characters as one types", async () => {
      const name = page.locator("#q-new-name");
      const counter = page.locator("#q-new-name-count");
      assert.equal(await counter.textContent(), "5 of 100 characters", "as the server said");
      await name.fill("Patio and garden");
      await page.waitForFunction(
        () => document.getElementById("q-new-name-count")?.textContent === "16 of 100 characters",
      ).catch(async () => assert.equal(await counter.textContent(), "16 of 100 characters"));
      await name.fill("x".repeat(150));
      assert.equal((await name.inputValue()).length, 100, "the field takes at most 100");
      await page.waitForFunction(() =>
        document.getElementById("q-new-name-count")?.textContent ===
          "100 of 100 characters: that is the most it takes"
      );
      assert.match(
        (await name.getAttribute("aria-describedby")) ?? "",
        /\bq-new-name-count\b/,
        "screen readers hear the count with the field",
      );
    });

    await t.step("a wrong name on the delete page: focus on it, the queue kept", async () => {
      await page.goto(`${base}/dashboard/queues`);
      await page.locator("details", { hasText: "Dine-in" }).locator("summary").click();
      await page.getByRole("link", { name: "Delete this queue…" }).click();
      await page.waitForURL(`${base}/dashboard/queues/${queueId}/delete`);
      const field = page.getByLabel("Type the queue's name, Dine-in, to confirm");
      await field.fill("Dine");
      await page.getByRole("button", { name: "Delete this queue" }).click();
      const id = `delete-${queueId}-confirmName`;
      await page.waitForFunction((want) => document.activeElement?.id === want, id)
        .catch(async () => assert.equal(await focusedId(page), id));
      assert.equal(await field.inputValue(), "Dine");
      await page.getByRole("link", { name: "Keep it, back to the queues" }).click();
      await page.waitForURL(`${base}/dashboard/queues`);
      assert.equal(await page.locator("details", { hasText: "Dine-in" }).count(), 1);
    });

    await t.step("deleting an empty queue says which one went", async () => {
      await page.goto(`${base}/dashboard/queues`);
      const form = page.locator('form[action="/dashboard/queues"]');
      await form.getByLabel("Name").fill("Bar stools");
      await form.getByRole("button", { name: "Create queue" }).click();
      await page.waitForURL(`${base}/dashboard/queues?saved=1`);
      await page.locator("details", { hasText: "Bar stools" }).locator("summary").click();
      await page.locator("details", { hasText: "Bar stools" })
        .getByRole("link", { name: "Delete this queue…" }).click();
      await page.getByLabel("Type the queue's name, Bar stools, to confirm").fill("bar stools");
      await page.getByRole("button", { name: "Delete this queue" }).click();
      await page.waitForURL(/\/dashboard\/queues\?deleted=/);
      assert.equal(
        await page.getByRole("status").textContent(),
        "Deleted the queue “Bar stools”. Customers can no longer see or join it.",
      );
      assert.equal(await page.locator("details", { hasText: "Bar stools" }).count(), 0);
    });

    await t.step("a refused own-row change cannot happen: the users page offers none", async () => {
      await page.goto(`${base}/dashboard/users`);
      const mine = page.locator("li", { hasText: "owner@demo.test" });
      assert.equal(await mine.locator("form").count(), 0);
      assert.match((await mine.textContent())!, /Another owner or admin changes your own role/);
      const sam = page.locator("li", { hasText: "staff@demo.test" });
      assert.equal(await sam.getByRole("button", { name: "Change role" }).count(), 1);
    });
    // The refused posts answer 422 (their pages say why); nothing else may fail.
    assert.deepEqual(errors.filter((e) => !e.includes("status of 422")), []);
  },
);
