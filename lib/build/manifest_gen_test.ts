import assert from "node:assert/strict";
import { middlewareOf, routePathOf } from "./manifest_gen.ts";

Deno.test("routePathOf() maps route files to URL prefixes", () => {
  assert.equal(routePathOf("index.tsx"), "/");
  assert.equal(routePathOf("api/queues.tsx"), "/api/queues");
  assert.equal(routePathOf("dashboard/index.tsx"), "/dashboard");
  assert.equal(routePathOf("api/queues/(entry_actions).ts"), "/api/queues");
  assert.equal(routePathOf("(public)/index.tsx"), "/");
});

Deno.test("middlewareOf() applies a folder's middleware below it, groups only inside", () => {
  const all = [
    "_middleware.ts",
    "api/queues/(staff)/(manager)/_middleware.ts",
    "api/queues/(staff)/_middleware.ts",
    "api/queues/_middleware.ts",
  ];
  assert.deepEqual(middlewareOf("api/queues/(staff)/(manager)/manage.ts", all), [
    "_middleware.ts",
    "api/queues/_middleware.ts",
    "api/queues/(staff)/_middleware.ts",
    "api/queues/(staff)/(manager)/_middleware.ts",
  ]);
  assert.deepEqual(middlewareOf("api/queues/(customer).tsx", all), [
    "_middleware.ts",
    "api/queues/_middleware.ts",
  ]);
  assert.deepEqual(middlewareOf("index.tsx", all.slice(1)), []);
});
