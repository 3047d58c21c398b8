import { type ComponentType, Fragment, h, options, type VNode } from "preact";

/**
 * Server side of islands, as in Fresh: a registered component renders as usual, wrapped in a
 * marker element naming it, followed by its props as JSON. The browser's boot module hydrates
 * each marker in place. Pages use islands like any other component.
 */

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;

const registry = new Map<AnyComponent, string>();
// A string key: preact copies props with for...in, which skips symbols.
const INSIDE = "__islandInside";
let used: Set<string> | null = null;

export function registerIslands(islands: Record<string, AnyComponent>): void {
  for (const [name, component] of Object.entries(islands)) registry.set(component, name);
}

/** Props as JSON that can never close the surrounding script element. */
export function serializeProps(props: unknown): string {
  return JSON.stringify(props ?? {}).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function IslandShell(
  { name, component, props }: {
    name: string;
    component: AnyComponent;
    props: Record<string, unknown>;
  },
): VNode {
  used?.add(name);
  return h(
    Fragment,
    null,
    h(
      "div",
      { "data-island": name, class: "contents" },
      h(component, { ...props, [INSIDE]: true }),
    ),
    h("script", {
      type: "application/json",
      "data-island-props": name,
      dangerouslySetInnerHTML: { __html: serializeProps(props) },
    }),
  );
}

const previousVnode = options.vnode;
options.vnode = (vnode) => {
  const type = vnode.type;
  if (typeof type === "function") {
    const name = registry.get(type);
    const props = vnode.props as Record<string, unknown>;
    if (name && !props[INSIDE]) {
      const { children: _children, ...plain } = props as Record<string, unknown>;
      vnode.type = IslandShell as AnyComponent;
      (vnode as { props: unknown }).props = { name, component: type, props: plain };
    }
  }
  previousVnode?.(vnode);
};

/** Runs a synchronous render and reports which islands it used (so the page loads the boot). */
export function collectIslands<T>(render: () => T): { result: T; islands: Set<string> } {
  const outer = used;
  const islands = new Set<string>();
  used = islands;
  try {
    return { result: render(), islands };
  } finally {
    used = outer;
  }
}

/** For a component rendered late in the page (the boot script): islands used so far. */
export function islandsUsedSoFar(): ReadonlySet<string> {
  return used ?? new Set();
}
