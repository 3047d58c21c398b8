import { h, hydrate } from "preact";

// deno-lint-ignore no-explicit-any
type IslandModule = { default: (props: any) => unknown };

/** A task boundary: the browser may paint and handle input before the next island starts. */
function browserTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Browser side: hydrates every island marker with its own chunk and server-given props, in page
 * order and each in a task of its own. Hydrated together, the ticket page's four islands were one
 * task of ~70 ms on this machine (~280 ms on a phone-speed CPU: all of it blocking time), the page
 * not answering a tap meanwhile. An island that fails does not keep the next ones from starting.
 */
export function startIslands(loaders: Record<string, () => Promise<IslandModule>>): void {
  let turn = Promise.resolve();
  for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
    const name = el.dataset.island ?? "";
    const load = loaders[name];
    const script = el.nextElementSibling;
    if (!load || !(script instanceof HTMLScriptElement)) continue;
    const loaded = load();
    turn = turn.then(async () => {
      try {
        const mod = await loaded;
        const props = JSON.parse(script.textContent || "{}");
        // deno-lint-ignore no-explicit-any
        hydrate(h(mod.default as any, props), el);
      } catch (err) {
        reportError(err);
      }
      await browserTurn();
    });
  }
}
