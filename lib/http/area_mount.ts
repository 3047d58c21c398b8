import { Hono, type MiddlewareHandler } from "hono";
import type { AreaMiddleware } from "../manifest.ts";

/**
 * A route module behind its area's middleware. The guards run before the module's own handlers
 * of a matching route and never for a route of another module mounted at the same prefix (so a
 * staff group's guard does not answer a customer's request beside it). Registered on each
 * route of the module, they run once per request.
 */
// deno-lint-ignore no-explicit-any
export function mountWithMiddleware(module: Hono<any, any, any>, middleware: AreaMiddleware[]) {
  const chain = middleware.flatMap((m) => Array.isArray(m) ? m : [m]) as MiddlewareHandler[];
  if (chain.length === 0) return module;
  const ran = new WeakSet<Request>();
  const guard: MiddlewareHandler = function areaMiddleware(c, next) {
    if (ran.has(c.req.raw)) return next();
    ran.add(c.req.raw);
    const step = (i: number): Promise<Response | void> => {
      const handler = chain[i];
      if (!handler) return next();
      // As Hono's own compose does: a response returned further in becomes the context's.
      return Promise.resolve(handler(c, async () => {
        const res = await step(i + 1);
        if (res instanceof Response) c.res = res;
      }));
    };
    return step(0);
  };
  const guarded = new Hono();
  for (const route of module.routes) {
    guarded.on(route.method, route.path, guard, route.handler);
  }
  return guarded;
}
