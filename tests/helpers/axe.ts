import axe from "axe-core";
import type { Page } from "playwright-core";

/** axe-core's own source, run in the page through DevTools (the page's CSP allows no inline). */
const AXE_SOURCE = (axe as unknown as { source: string }).source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core on the page as it stands; each violation as one readable line. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Colours mid-transition (a button just armed) are not what a person reads: let them settle.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const loaded = await page.evaluate(() => "axe" in globalThis);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const run = (globalThis as unknown as {
      axe: { run(ctx: Document, o: unknown): Promise<{ violations: AxeViolation[] }> };
    }).axe.run;
    const result = await run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String) })),
    }));
  });
  return violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`
  );
}
