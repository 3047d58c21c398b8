// deno-lint-ignore-file no-console
/**
 * The load tool of `deno task bench`, run as its own process so that it does not share the
 * server's event loop: autocannon against one URL, a warm-up run and then the measured run.
 * Usage: `deno run -A bench/load_client.ts '<LoadSpec as JSON>'`; prints one `LoadResult` JSON.
 */
import autocannon from "autocannon";

export interface LoadSpec {
  url: string;
  /** Sent as the `Host` header (the tenant is chosen by host). */
  host: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
  /** Give each connection its own `X-Forwarded-For` address (the app runs with TRUST_PROXY). */
  distinctClients: boolean;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

interface AutocannonClient {
  setHeaders(headers: Record<string, string>): void;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

async function runOnce(spec: LoadSpec, durationSec: number): Promise<AutocannonResult> {
  let next = 0;
  const setupClient = (client: AutocannonClient) => {
    const n = next++;
    const headers: Record<string, string> = { host: spec.host };
    if (spec.distinctClients) headers["x-forwarded-for"] = `10.77.${n >> 8 & 255}.${n & 255}`;
    client.setHeaders(headers);
  };
  return await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: durationSec,
    setupClient,
  }) as AutocannonResult;
}

async function main() {
  const spec = JSON.parse(Deno.args[0] ?? "{}") as LoadSpec;
  if (spec.warmupSec > 0) await runOnce(spec, spec.warmupSec);
  const r = await runOnce(spec, spec.durationSec);
  const result: LoadResult = {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]),
    ),
  };
  console.log(JSON.stringify(result));
}

if (import.meta.main) await main();
