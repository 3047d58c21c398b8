/**
 * `deno bench -A bench/display_bench.ts`: what every change of a queue costs its TV displays and
 * `/queue/:id` pages once per process (`loadDisplaySnapshot`, shared by all of them), with 1k,
 * 3k and 10k parties waiting (today's busiest line is under 1k), on embedded PGlite.
 */
import { loadDisplaySnapshot } from "../lib/display/display_snapshot.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { startTestApp } from "../tests/helpers/test_app.ts";
import { insertLiveLine } from "./display_bench_repo.ts";

const SIZES = [1_000, 3_000, 10_000];

for (const size of SIZES) {
  const app = await startTestApp();
  const demo = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!;
  const html = await (await app.request("http://demo.localhost/")).text();
  const queueId = html.match(/\/api\/queues\/([0-9a-f-]{36})\/join/)![1]!;
  await withTenant(app.deps.db, demo.id, (trx) => insertLiveLine(trx, demo.id, queueId, size));
  const check = await loadDisplaySnapshot(app.deps.db, demo.id, queueId);
  if (check.queues[0]!.waitingCount !== size) throw new Error("the line was not seeded");
  Deno.bench(`display snapshot, one queue, ${size} waiting`, { group: String(size) }, async () => {
    await loadDisplaySnapshot(app.deps.db, demo.id, queueId);
  });
  Deno.bench(`display snapshot, all queues, ${size} waiting`, { group: String(size) }, async () => {
    await loadDisplaySnapshot(app.deps.db, demo.id, null);
  });
}
