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
  /** Sent as `Accept-Encoding` when set (a browser's is "gzip, deflate, br"). */
  acceptEncoding?: string;
  /** Requests per second across all connections (autocannon's overallRate); as fast as it can unset. */
  rate?: number;
  /**
   * Joins instead of GETs: each request POSTs a join to the next of these queues (round robin)
   * with a phone number no other request of the run uses.
   */
  joinQueueIds?: string[];
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
  /** 2xx answers of the warm-up and the measured run together (joins are checked against it). */
  all2xx: number;
  /** The first error met, if any. */
  firstError?: string;
  /** The server's CPU time per request (µs), warm-up included; set by the bench, on Linux. */
  serverCpuUs?: number;
}

interface AutocannonClient {
  setHeaders(headers: Record<string, string>): void;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Phone numbers unique across the warm-up and measured runs of this process. */
let joinsSent = 0;
const PHONE_BASE = 10_000_000 + Math.floor(Math.random() * 80_000_000);

function joinRequests(queueIds: string[]) {
  return [{
    method: "POST",
    setupRequest(req: AutocannonRequest): AutocannonRequest {
      const n = joinsSent++;
      return {
        ...req,
        method: "POST",
        path: `/api/queues/${queueIds[n % queueIds.length]}/join`,
        headers: { ...req.headers, "content-type": "application/json" },
        body: JSON.stringify({
          customerName: `Load ${n}`,
          customerPhone: `06${PHONE_BASE + n}`,
          partySize: 1 + (n % 4),
        }),
      };
    },
  }];
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

/** The first error a run met (a refused connection, a response it could not parse). */
let firstError: string | undefined;

async function runOnce(spec: LoadSpec, durationSec: number): Promise<AutocannonResult> {
  let next = 0;
  const setupClient = (client: AutocannonClient) => {
    const n = next++;
    const headers: Record<string, string> = { host: spec.host };
    if (spec.acceptEncoding) headers["accept-encoding"] = spec.acceptEncoding;
    if (spec.distinctClients) headers["x-forwarded-for"] = `10.77.${n >> 8 & 255}.${n & 255}`;
    client.setHeaders(headers);
  };
  const run = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: durationSec,
    setupClient,
    ...(spec.rate ? { overallRate: spec.rate } : {}),
    ...(spec.joinQueueIds ? { requests: joinRequests(spec.joinQueueIds) } : {}),
  });
  run.on("reqError", (err: unknown) => firstError ??= String(err));
  return await run as AutocannonResult;
}

async function main() {
  const spec = JSON.parse(Deno.args[0] ?? "{}") as LoadSpec;
  const warm = spec.warmupSec > 0 ? await runOnce(spec, spec.warmupSec) : null;
  const r = await runOnce(spec, spec.durationSec);
  const ok = (x: AutocannonResult | null) =>
    Object.entries(x?.statusCodeStats ?? {}).filter(([code]) => code.startsWith("2"))
      .reduce((sum, [, stat]) => sum + stat.count, 0);
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
    all2xx: ok(warm) + ok(r),
    firstError,
  };
  console.log(JSON.stringify(result));
}

if (import.meta.main) await main();
