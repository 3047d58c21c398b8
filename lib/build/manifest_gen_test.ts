import assert from "node:assert/strict";
import { routePathOf } from "./manifest_gen.ts";

Deno.test("routePathOf() maps route files to URL prefixes", () => {
  assert.equal(routePathOf("index.tsx"), "/");
  assert.equal(routePathOf("api/queues.tsx"), "/api/queues");
  assert.equal(routePathOf("dashboard/index.tsx"), "/dashboard");
  assert.equal(routePathOf("api/queues/(entry_actions).ts"), "/api/queues");
  assert.equal(routePathOf("(public)/index.tsx"), "/");
});
