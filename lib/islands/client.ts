import { h, hydrate } from "preact";
import { createHydrationQueue, reportLater } from "./hydration_queue.ts";

// deno-lint-ignore no-explicit-any
type IslandModule = { default: (props: any) => unknown };

/**
 * Browser side: hydrates every island marker with its own chunk and server-given props, each in
 * a task of its own (`createHydrationQueue`). Hydrated together, the ticket page's four islands
 * were one task of ~70 ms on this machine (~280 ms on a phone-speed CPU, all of it blocking time).
 */
export function startIslands(loaders: Record<string, () => Promise<IslandModule>>): void {
  const enqueue = createHydrationQueue();
  for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
    const name = el.dataset.island ?? "";
    const load = loaders[name];
    const script = el.nextElementSibling;
    if (!load || !(script instanceof HTMLScriptElement)) continue;
    load().then((mod) =>
      enqueue(() => {
        const props = JSON.parse(script.textContent || "{}");
        // deno-lint-ignore no-explicit-any
        hydrate(h(mod.default as any, props), el);
      }), reportLater);
  }
}
