/**
 * What `/metrics` costs every request: the same small Hono app (a mounted area with a guard and
 * a route with an id, as the real routes are) with and without the request-metrics middleware
 * and the log-context wrapper. `deno bench bench/metrics_bench.ts`; 10 routes × 10 statuses of
 * label series already recorded, ten times the app's routes hit by a test run.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app_env.ts";
import { recordRequestMetrics } from "../lib/http/metrics.ts";
import { withLogFields } from "../lib/log.ts";
import { observeRequest } from "../lib/metrics/registry.ts";
import { renderPrometheus } from "../lib/metrics/prometheus.ts";

function area() {
  const sub = new Hono<AppEnv>();
  sub.use(async function guard(_c, next) {
    await next();
  });
  sub.get("/:id/entries/:entryId", (c) => c.json({ id: c.req.param("id") }));
  return sub;
}

const plain = new Hono<AppEnv>();
plain.route("/api/queues", area());

const measured = new Hono<AppEnv>();
measured.use(async function context(c, next) {
  await withLogFields(() => ({ requestId: "r", tenant: c.var.tenant?.slug }), next);
});
measured.use(recordRequestMetrics());
measured.route("/api/queues", area());

for (let r = 0; r < 100; r++) {
  for (let s = 0; s < 10; s++) observeRequest(`/api/route${r}/:id`, "GET", 200 + s, 0.01 * s);
}

const url = "http://demo.localhost/api/queues/5b7c/entries/9f00";

Deno.bench("request without metrics", { group: "request", baseline: true }, async () => {
  await (await plain.request(url)).arrayBuffer();
});

Deno.bench("request with metrics and log context", { group: "request" }, async () => {
  await (await measured.request(url)).arrayBuffer();
});

Deno.bench("render /metrics (1,000 series)", () => {
  renderPrometheus({
    sseConnections: 10,
    outboxPending: 0,
    outboxDead: 0,
    outboxOldestAgeSeconds: 0,
    queueWaiting: [{ tenant: "demo", waiting: 3 }],
  });
});
