import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { expectText } from "./browser.ts";
import { jsonPost } from "./forms.ts";
import type { TestApp } from "./test_app.ts";

export const DEMO = "http://demo.localhost";
export const OWNER = { email: "owner@demo.test", password: "demo1234" };
export const STAFF = { email: "staff@demo.test", password: "demo1234" };
/** A laptop at a host stand. */
export const HOST_STAND = { width: 1366, height: 768 };

/** Signs in through the login page, as a person types it. */
export async function signIn(page: Page, base: string, who = OWNER): Promise<void> {
  await page.goto(`${base}/dashboard/login`);
  await page.locator('[name="email"]').fill(who.email);
  await page.locator('[name="password"]').fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/dashboard`);
}

/** Opens a queue's board and waits for its island to be live (its event stream open). */
export async function openBoard(page: Page, base: string, queueId: string): Promise<void> {
  const streaming = page.waitForResponse((r) => r.url().endsWith("/events"));
  await page.goto(`${base}/dashboard/queues/${queueId}`);
  assert.equal((await streaming).status(), 200);
  await expectText(page, "board-live", "Live");
}

/**
 * `n` parties join the queue (party sizes 1 to 5 in turn), each from its own phone (address),
 * as at a door; returns their entries.
 */
export async function joinParties(
  app: TestApp,
  queueId: string,
  n: number,
  options: { from?: number; firstNote?: string } = {},
): Promise<Array<{ id: string; ticketNumber: string; sessionId: string }>> {
  const from = options.from ?? 0;
  const entries = [];
  for (let i = from; i < from + n; i++) {
    const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: `Guest ${i}`,
      customerPhone: `01234580${String(i).padStart(2, "0")}`,
      partySize: i % 5 + 1,
      ...(i === from && options.firstNote ? { notes: options.firstNote } : {}),
    }, { ip: `198.51.100.${i % 250 + 1}` });
    assert.equal(res.status, 201, await res.clone().text());
    entries.push((await res.json()).entry);
  }
  return entries;
}

/** One staff action through the API, as another colleague's board would send it. */
export async function staffAct(
  app: TestApp,
  cookie: string,
  queueId: string,
  action: string,
  entryId: string,
): Promise<void> {
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/${action}/${entryId}`, {}, {
    headers: { cookie },
  });
  assert.equal(res.status, 200, `${action}: ${await res.clone().text()}`);
  await res.body?.cancel();
}

/** Ids that more than one element of the page carries. */
export function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
}
