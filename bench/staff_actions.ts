// deno-lint-ignore-file no-console
/**
 * What a staff action answers in, in process (no network, no load tool): the app as the tests
 * start it (PGlite, or PostgreSQL with TEST_DATABASE_URL), N parties joined, then each called by
 * name, seated and completed in turn, one request at a time, as a host works the board. Prints
 * p50 / p90 / p99 ms per action, and this process's CPU per action with the outbox rounds that
 * follow it (notifications, "almost your turn", analytics), drained before the figure is read.
 * Usage: `deno run -A bench/staff_actions.ts` (`N` parties, 200 by default).
 */
import { startTestApp } from "../tests/helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "../tests/helpers/forms.ts";
import { drainOutbox } from "../tests/helpers/outbox.ts";
import { cpuMicros } from "./load_bench.ts";

const DEMO = "http://demo.localhost";
const n = Number(Deno.env.get("N") ?? 200);
const app = await startTestApp({ RATE_LIMIT_MAX_ENTERPRISE: "100000000", TRUST_PROXY: "true" });
try {
  const queueId = await firstQueueId(app, DEMO);
  const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: `Guest ${i}`,
      customerPhone: `0177${String(i).padStart(6, "0")}`,
      partySize: 2,
    }, { headers: { "x-forwarded-for": `10.9.${i >> 8}.${i & 255}` } });
    if (res.status !== 201) throw new Error(`join gave ${res.status}: ${await res.text()}`);
    ids.push((await res.json()).entry.id);
  }
  const quantile = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  for (const action of ["call", "seat", "complete"]) {
    const times: number[] = [];
    await drainOutbox(app);
    const cpuBefore = cpuMicros(Deno.pid);
    for (const id of ids) {
      const t = performance.now();
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/${action}/${id}`, {}, {
        headers: { cookie },
      });
      await res.arrayBuffer();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${action} gave ${res.status}`);
    }
    const left = await drainOutbox(app, 60_000);
    if (left.pending > 0) throw new Error(`${left.pending} outbox events not delivered`);
    const cpu = cpuBefore === null ? null : (cpuMicros(Deno.pid)! - cpuBefore) / n;
    console.log(
      `${action.padEnd(8)} p50 ${quantile(times, 0.5).toFixed(2)} / p90 ${
        quantile(times, 0.9).toFixed(2)
      } / p99 ${quantile(times, 0.99).toFixed(2)} ms (${n} parties), CPU ${
        cpu === null ? "?" : Math.round(cpu)
      } µs per ${action} with its outbox rounds`,
    );
  }
} finally {
  await app.close();
}
