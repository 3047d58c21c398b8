import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium: never a downloaded browser. */
export const CHROMIUM = "/usr/bin/chromium";
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 900 };
export const TIMEOUT = 10_000;

/** Flags for a closed network: without them Chromium keeps trying to reach Google's hosts. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumInstalled(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page in its own context (own cookies) that records console errors, page errors and CSP. */
export async function openPage(
  browser: Browser,
  errors: string[],
  label: string,
  viewport = LAPTOP,
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => {
      // deno-lint-ignore no-console -- runs in the page: reported through the console listener
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    })
  );
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${label}: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => errors.push(`${label}: ${err.message}`));
  return page;
}

/** Waits until the element with this test id reads `expected`; fails naming what it read. */
export async function expectText(page: Page, testId: string, expected: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === want,
      [testId, expected] as const,
      { timeout: TIMEOUT },
    );
  } catch {
    const actual = await page.getByTestId(testId).textContent({ timeout: 500 }).catch(() => null);
    assert.equal(actual?.trim(), expected, `${testId} on ${page.url()}`);
  }
}
