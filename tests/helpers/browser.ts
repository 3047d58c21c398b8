import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";
import { startTestApp, type TestApp } from "./test_app.ts";

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

/** Marks a page, so a test can tell afterwards that it was never reloaded. */
export function setMarker(page: Page): Promise<void> {
  return page.evaluate(() => {
    (globalThis as unknown as { __marker?: number }).__marker = 1;
  });
}

export function markerKept(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { __marker?: number }).__marker === 1);
}

/**
 * A test in Chromium against the whole app served on loopback; skipped, saying why, on a
 * machine without Debian's chromium (CI installs it).
 */
export function chromiumTest(
  title: string,
  fn: (t: Deno.TestContext, ctx: { app: TestApp; base: string; browser: Browser }) => Promise<void>,
  env: Record<string, string> = {},
): void {
  const hasChromium = chromiumInstalled();
  Deno.test({
    name: hasChromium
      ? `in Chromium: ${title}`
      : `in Chromium: skipped because chromium is not installed at ${CHROMIUM}`,
    ignore: !hasChromium,
    async fn(t) {
      const app = await startTestApp(env);
      const server = app.listen();
      let browser: Browser | undefined;
      try {
        browser = await launchChromium();
        await fn(t, { app, base: `http://demo.localhost:${server.port}`, browser });
      } finally {
        // The browser goes first: open event streams would hold the server's shutdown.
        await browser?.close();
        await server.shutdown();
        await app.close();
      }
    },
  });
}
