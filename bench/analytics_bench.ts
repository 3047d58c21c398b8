// deno-lint-ignore-file no-console
/**
 * The analytics dashboard API on a year of one busy queue (12 months × 500 visits a day, the
 * demo tenant), after the roll-ups: p50/p99 of each period, and how much memory a year's CSV
 * export needs. PGlite by default; `TEST_DATABASE_URL=postgres://…` measures PostgreSQL.
 *
 *   deno run -A --v8-flags=--expose-gc bench/analytics_bench.ts [requests=100] [perDay=500] [days=365]
 */
import { startTestApp } from "../tests/helpers/test_app.ts";
import { firstQueueId, staffCookie } from "../tests/helpers/forms.ts";
import { rollUpTenant } from "../lib/analytics/rollup.ts";
import { createRollupHandler } from "../lib/analytics/rollup.ts";
import { newEvent } from "../lib/events/event_types.ts";
import { seedYear } from "./analytics_seed_repo.ts";

const [requests = 100, perDay = 500, days = 365] = Deno.args.map(Number);
const DEMO = "http://demo.localhost";

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const app = await startTestApp({ LOG_LEVEL: "silent" }, { startDispatcher: false });
try {
  const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  const queueId = await firstQueueId(app, DEMO);
  const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
  let t = performance.now();
  const seeded = await seedYear(app.ownerDb, { tenantId: demo!.id, queueId }, { days, perDay });
  console.log(`seeded ${seeded} entries in ${Math.round(performance.now() - t)} ms`);
  t = performance.now();
  const rolled = await rollUpTenant(app.deps.db, demo!.id);
  console.log(`first roll-up: ${rolled} days in ${Math.round(performance.now() - t)} ms`);

  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  const rows: string[] = [];
  for (
    const q of [
      "period=1d",
      "period=7d",
      "period=30d",
      "period=180d",
      `from=${yearAgo}&to=${today}`,
    ]
  ) {
    const times: number[] = [];
    for (let i = 0; i < requests + 5; i++) {
      const s = performance.now();
      const res = await app.request(`${DEMO}/api/analytics/dashboard?${q}`, {
        headers: { cookie: owner },
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${q}: ${res.status} ${JSON.stringify(body)}`);
      if (i >= 5) times.push(performance.now() - s);
      if (i === 0) rows.push(`${q.padEnd(34)} joined ${body.totals.joined}`);
    }
    times.sort((a, b) => a - b);
    console.log(
      `dashboard ${q.padEnd(34)} p50 ${pct(times, 0.5).toFixed(1)} ms  p99 ${
        pct(times, 0.99).toFixed(1)
      } ms  (n=${times.length})`,
    );
  }
  console.log(rows.join("\n"));

  // The roll-up handler runs on every entry event: today's entries cost one lookup.
  const handler = createRollupHandler(app.deps.db);
  const { entry } = await (await app.request(`${DEMO}/api/queues/${queueId}/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ customerName: "Handler", customerPhone: "0199999999", partySize: 2 }),
  })).json();
  const handlerTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    await handler.handle(
      newEvent("entry.called", demo!.id, { queueId, entryId: entry.id }),
      new AbortController().signal,
    );
    handlerTimes.push(performance.now() - s);
  }
  handlerTimes.sort((a, b) => a - b);
  console.log(
    `roll-up handler (today's entry) p50 ${pct(handlerTimes, 0.5).toFixed(2)} ms  p99 ${
      pct(handlerTimes, 0.99).toFixed(2)
    } ms`,
  );

  // A year's CSV export, read as a client would: the process's memory while it streams.
  const mb = (n: number) => (n / 1048576).toFixed(1);
  (globalThis as { gc?: () => void }).gc?.();
  const base = Deno.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  t = performance.now();
  const res = await app.request(
    `${DEMO}/api/analytics/export?format=csv&from=${yearAgo}&to=${today}`,
    { headers: { cookie: owner } },
  );
  let bytes = 0;
  let lines = 0;
  // With --v8-flags=--expose-gc the heap is measured after a collection: what is retained.
  const gc = (globalThis as { gc?: () => void }).gc;
  let chunks = 0;
  let retained = base.heapUsed;
  for await (const chunk of res.body!) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
    if (gc && ++chunks % 50 === 0) {
      gc();
      retained = Math.max(retained, Deno.memoryUsage().heapUsed);
    }
    const m = Deno.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
  console.log(
    `export: ${lines - 1} rows, ${mb(bytes)} MB of CSV in ${
      Math.round(performance.now() - t)
    } ms; ` +
      `rss ${mb(base.rss)} → peak ${mb(peakRss)} MB (+${mb(peakRss - base.rss)}), ` +
      `JS heap ${mb(base.heapUsed)} → peak ${mb(peakHeap)} MB (+${
        mb(peakHeap - base.heapUsed)
      }), ` +
      `after collections ${gc ? `+${mb(retained - base.heapUsed)} MB` : "n/a (no --expose-gc)"}`,
  );
} finally {
  await app.close();
}
