import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumTest, expectText, openPage, PHONE, TIMEOUT } from "./helpers/browser.ts";
import { firstQueueId, jsonPost } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";

/** The people's messages of a chat thread (not the app's own notices), in order. */
const PEOPLE = '[data-testid="chat-message"]:not([data-sender="SYSTEM"]) .whitespace-pre-wrap';

function messagesOn(page: Page): Promise<string[]> {
  return page.locator(PEOPLE).allTextContents();
}

async function expectMessages(page: Page, want: string[], label: string): Promise<void> {
  try {
    await page.waitForFunction(
      (w) =>
        [...document.querySelectorAll(w.selector)]
          .map((el) => el.textContent).join("\n") === w.want.join("\n"),
      { selector: PEOPLE, want },
      { timeout: TIMEOUT },
    );
  } catch {
    assert.deepEqual(await messagesOn(page), want, label);
  }
}

chromiumTest(
  "a customer and a staff member chat both ways, live",
  async (t, { app, base, browser }) => {
    const errors: string[] = [];
    const queueId = await firstQueueId(app, DEMO);
    const joined = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Ana",
      customerPhone: "0123459001",
      partySize: 2,
    })).json();
    const { sessionId, ticketNumber } = joined.entry;
    const customer = await openPage(browser, errors, "customer", PHONE);
    const staff = await openPage(browser, errors, "staff");
    const hostile = '<img src=x onerror="document.title=1">Late';

    await t.step("the customer writes before any staff page is open", async () => {
      const streaming = customer.waitForResponse((r) => r.url().endsWith(`${sessionId}/events`));
      await customer.goto(`${base}/queue/status/${sessionId}`);
      assert.equal((await streaming).status(), 200);
      await customer.getByLabel("Message").fill(hostile);
      await customer.getByRole("button", { name: "Send" }).click();
      await expectMessages(customer, [hostile], "customer thread");
    });

    await t.step(
      "the board opens with the unread count; opening the chat marks it seen",
      async () => {
        await staff.goto(`${base}/dashboard/login`);
        await staff.locator('[name="email"]').fill("staff@demo.test");
        await staff.locator('[name="password"]').fill("demo1234");
        await staff.getByRole("button", { name: "Sign in" }).click();
        await staff.waitForURL(`${base}/dashboard`);
        await expectText(staff, "queue-unread-chats", "1 unread message");
        await staff.goto(`${base}/dashboard/queues/${queueId}`);
        await expectText(staff, "board-live", "Live");
        await expectText(staff, "chat-unread-total", "1unread");
        await staff.getByTestId("chat-toggle").click();
        await expectText(staff, "chat-unread", "1unread");
        await staff.getByTestId("chat-open").filter({ hasText: ticketNumber }).click();
        await expectMessages(staff, [hostile], "staff thread");
        // Shown as text: the markup never became an element.
        assert.equal(await staff.locator('[data-testid="chat-thread"] img').count(), 0);
        await staff.getByTestId("chat-unread").waitFor({ state: "detached" });
        await customer.getByTestId("chat-seen").waitFor();
      },
    );

    await t.step("a quick message reaches the customer live, and staff see it seen", async () => {
      await staff.getByRole("button", { name: "Your table is ready" }).click();
      await expectMessages(customer, [hostile, "Your table is ready"], "customer thread");
      await staff.getByTestId("chat-seen").waitFor();
    });

    await t.step("the customer answers live and the history survives a reload", async () => {
      await customer.getByLabel("Message").fill("On my way");
      await customer.getByRole("button", { name: "Send" }).click();
      await expectMessages(staff, [hostile, "Your table is ready", "On my way"], "staff thread");
      await customer.reload();
      await expectMessages(customer, [hostile, "Your table is ready", "On my way"], "after reload");
    });

    await t.step(
      "staff read what the party was told on its card and send the last message again",
      async () => {
        const notices = customer.locator('[data-testid="chat-message"][data-sender="SYSTEM"]');
        const told = await notices.count();
        const card = staff.locator(`li[data-entry-id="${joined.entry.id}"]`);
        await card.getByText("Messages", { exact: true }).click();
        const log = card.getByTestId("notification-log");
        await log.waitFor();
        assert.match((await log.textContent())!, /joined · webchat · delivered/);
        await card.getByRole("button", { name: "Resend the last message" }).click();
        await card.getByRole("status").filter({ hasText: "Sending again" }).waitFor();
        // The customer's open chat shows the "you're in the queue" notice once more, live.
        await customer.waitForFunction(
          (n) =>
            document.querySelectorAll('[data-testid="chat-message"][data-sender="SYSTEM"]')
              .length === n,
          told + 1,
          { timeout: TIMEOUT },
        );
        assert.match((await notices.last().textContent())!, /you're in the queue/);
      },
    );

    assert.deepEqual(errors, []);
  },
);
