import type { Page } from "playwright-core";

const AXE_SOURCE = new URL("../../node_modules/axe-core/axe.min.js", import.meta.url);
let source: Promise<string> | undefined;

/**
 * axe-core's accessibility violations on the page as it is now, one line per rule with the
 * elements it found. Injected through the DevTools protocol, so the page's CSP stays as it is.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  source ??= Deno.readTextFile(AXE_SOURCE);
  await page.evaluate(await source);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as {
      axe: {
        run(): Promise<{
          violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }>;
        }>;
      };
    }).axe;
    const result = await axe.run();
    return result.violations.map((v) =>
      `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`
    );
  });
  return found;
}
