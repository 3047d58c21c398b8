import axe from "axe-core";
import type { Page } from "playwright-core";

/** axe-core's own script: run in the page as it is, never a copy of its rules. */
const AXE_SOURCE = (axe as unknown as { source: string }).source;

/**
 * Runs axe-core (every rule it enables by default: WCAG 2.x A and AA, colour contrast included,
 * and its best practices) on the page as it is now, and returns each violation as one line
 * naming the rule and the elements. The script goes in through DevTools, so the page's CSP
 * (no inline scripts) stays as users get it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Colours mid-transition (a button just armed) are not what a person reads: let them settle.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const loaded = await page.evaluate(() => "axe" in globalThis);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as {
      axe: {
        run(context: Document): Promise<{
          violations: Array<{
            id: string;
            help: string;
            nodes: Array<{ target: unknown[]; failureSummary?: string }>;
          }>;
        }>;
      };
    };
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")} (${n.failureSummary ?? ""})`),
    }));
  });
  return violations.map((v) => `${v.id}: ${v.help}: ${v.nodes.join("; ")}`);
}
