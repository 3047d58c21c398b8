// deno-lint-ignore-file no-console
/**
 * How much of a queue's line the statements that run on every change read, when the planner's
 * statistics are those of an empty evening: last night's line of N finished, the database took
 * stock at a quiet hour (VACUUM ANALYZE), and tonight's line is N long before it looks again.
 * Prints the rows of `queue_entries` (index entries and table scans) that a join, a call-next, an
 * "almost your turn" round, the check of a party put back, a screen's tickets and a reload of the
 * whole live line each read (their transaction's own statistics), then the same after the
 * database took stock again. The join needs the line's back, call-next its front, the others a
 * few rows each, the reload tonight's line and not last night's beside it.
 * Usage: `deno run -A bench/line_plans.ts [N]` (embedded PGlite; TEST_DATABASE_URL for a
 * PostgreSQL server, as the tests use it).
 */
import { startTestApp } from "../tests/helpers/test_app.ts";
import { eveningRounds } from "../tests/helpers/line_plans.ts";

const line = Number(Deno.args[0] ?? 2_000);
const app = await startTestApp();
try {
  const { stale, fresh } = await eveningRounds(app, line);
  const db = Deno.env.get("TEST_DATABASE_URL") ? "PostgreSQL" : "PGlite";
  console.log(`rows of queue_entries read in a ${line}-party line (${db}):`);
  console.log(`  statistics of the empty evening: ${JSON.stringify(stale)}`);
  console.log(`  statistics taken again:          ${JSON.stringify(fresh)}`);
} finally {
  await app.close();
}
