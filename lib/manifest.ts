import type { Hono } from "hono";
import type { ComponentType } from "preact";
import type { AppEnv } from "./http/app_env.ts";

export interface Manifest {
  routes: Array<{ path: string; app: Hono<AppEnv> }>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, ComponentType<any>>;
}
