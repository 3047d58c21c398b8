import { h, hydrate } from "preact";

// deno-lint-ignore no-explicit-any
type IslandModule = { default: (props: any) => unknown };

/** Browser side: hydrates every island marker with its own chunk and server-given props. */
export function startIslands(loaders: Record<string, () => Promise<IslandModule>>): void {
  for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
    const name = el.dataset.island ?? "";
    const load = loaders[name];
    const script = el.nextElementSibling;
    if (!load || !(script instanceof HTMLScriptElement)) continue;
    const props = JSON.parse(script.textContent || "{}");
    load().then((mod) => {
      // deno-lint-ignore no-explicit-any
      hydrate(h(mod.default as any, props), el);
    });
  }
}
