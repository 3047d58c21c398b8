// deno-lint-ignore-file no-console
/**
 * What one customer read costs the app, without the network or a load tool sharing the CPU:
 * the app on embedded PGlite in this process, each read 5,000 times in turn (each request a new
 * customer, as in `deno task bench`), printed as µs per request. Steadier than req/s on a busy
 * machine. `ENC="gzip, deflate, br"` sends a browser's Accept-Encoding; `ONLY=json` one read;
 * `N` requests per read (5,000).
 * Usage: `deno run -A bench/read_cost.ts` (add `--cpu-prof` to profile).
 */
import { startTestApp } from "../tests/helpers/test_app.ts";
import { firstQueueId, jsonPost } from "../tests/helpers/forms.ts";
const DEMO = "http://demo.localhost";
const app = await startTestApp({
  NODE_ENV: "development",
  LOG_LEVEL: "warn",
  RATE_LIMIT_MAX_ENTERPRISE: "100000000",
  TRUST_PROXY: "true",
});
const queueId = await firstQueueId(app, DEMO);
const joined = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
  customerName: "A",
  customerPhone: "0123456789",
  partySize: 2,
})).json();
const sid = joined.entry.sessionId;
const paths: Record<string, string> = {
  home: "/",
  queue: `/queue/${queueId}`,
  status: `/queue/status/${sid}`,
  json: `/api/queues/entry/${sid}`,
};
const enc = Deno.env.get("ENC");
const only = Deno.env.get("ONLY");
const n = Number(Deno.env.get("N") ?? 5000);
for (const [name, path] of Object.entries(paths)) {
  if (only && only !== name) continue;
  const run = async (n: number) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await app.request(`${DEMO}${path}`, {
        headers: {
          "x-forwarded-for": `10.1.${i >> 8 & 255}.${i & 255}`,
          ...(enc ? { "accept-encoding": enc } : {}),
        },
        ip: "127.0.0.1",
      });
      await res.arrayBuffer();
    }
    return (performance.now() - t) / n * 1000;
  };
  await run(2000);
  console.log(name, (await run(n)).toFixed(1), "us/req");
}
await app.close();
