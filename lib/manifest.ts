import type { Hono, MiddlewareHandler } from "hono";
import type { ComponentType } from "preact";

/** What a folder's `_middleware.ts` exports by default: one guard or several, in order. */
// deno-lint-ignore no-explicit-any
export type AreaMiddleware = MiddlewareHandler<any> | ReadonlyArray<MiddlewareHandler<any>>;

export interface Manifest {
  routes: Array<{
    path: string;
    // A route module declares the env its area's middleware provides (TenantEnv, StaffEnv…).
    // deno-lint-ignore no-explicit-any
    app: Hono<any, any, any>;
    /** The `_middleware.ts` of the route's folders, outermost first. */
    middleware: AreaMiddleware[];
  }>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, ComponentType<any>>;
}
