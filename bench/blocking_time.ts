/**
 * Blocking time of a page as a phone-speed CPU feels it: Debian's Chromium with its CPU slowed
 * four times (as Lighthouse's mobile run assumes), the page loaded `loads` times in fresh
 * contexts, and each load's long tasks summed past their first 50 ms (the browser's own
 * `longtask` entries over the load and 3 s after). Steadier than one Lighthouse run on a machine
 * whose speed moves between runs; reported as the median and the range.
 */
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"];

export interface BlockingTime {
  median: number;
  min: number;
  max: number;
}

export async function blockingTime(url: string, loads = 10): Promise<BlockingTime> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const sums: number[] = [];
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({
        viewport: { width: 412, height: 823 },
        isMobile: true,
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await page.addInitScript(() => {
        const seen: number[] = [];
        (globalThis as unknown as { __longTasks: number[] }).__longTasks = seen;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) seen.push(entry.duration);
        }).observe({ type: "longtask", buffered: true });
      });
      await page.goto(url, { waitUntil: "load" });
      await page.waitForTimeout(3_000);
      const tasks = await page.evaluate(() =>
        (globalThis as unknown as { __longTasks: number[] }).__longTasks
      );
      sums.push(Math.round(tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0)));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  sums.sort((a, b) => a - b);
  return { median: sums[Math.floor(sums.length / 2)]!, min: sums[0]!, max: sums.at(-1)! };
}
