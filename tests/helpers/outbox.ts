import type { BootedApp } from "../../lib/boot.ts";

/**
 * Delivers what the outbox holds: rounds of the app's dispatcher until nothing is pending (an
 * event still waiting for a retry counts as pending) or `timeoutMs` runs out. Returns the last
 * counts, for the caller to assert on: a test that expects "all delivered" checks `pending` 0.
 */
export async function drainOutbox(app: BootedApp, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let stats = await app.deps.dispatcher.stats();
  while (stats.pending > 0 && Date.now() < deadline) {
    await app.deps.dispatcher.runOnce();
    await new Promise((r) => setTimeout(r, 20));
    stats = await app.deps.dispatcher.stats();
  }
  return stats;
}
