import type { AppDeps } from "../deps.ts";
import { classifyHost } from "../tenant/host.ts";
import { observeRequest } from "../metrics/registry.ts";
import { clientIp } from "./client_ip.ts";
import { sharedBytes } from "./compression.ts";
import { hitPlanLimit, rateLimitHeaders } from "./rate_limit_middleware.ts";
import { answered } from "./request_context.ts";
import { securityHeaderSet } from "./security_headers.ts";
import { hostnameOf } from "./tenant_middleware.ts";
import { HttpError } from "./errors.ts";
import { SESSION_ID_PATTERN } from "../queue/queue_schema.ts";

/** The route's pattern, as the middleware chain's metrics name it. */
export const STATUS_ROUTE = "/api/queues/entry/:sessionId";

/**
 * A status read's URL with a session id as `SessionIdSchema` takes it (the route's own check),
 * a query ignored as the route ignores it.
 */
const STATUS_URL = new RegExp(
  `^https?://[^/?#]+/api/queues/entry/(${SESSION_ID_PATTERN})(?:\\?[^#]*)?$`,
);

type Env = { remoteAddr?: { hostname?: string } } | undefined;
// deno-lint-ignore no-explicit-any
type Fetch = (req: Request, env?: any, ctx?: any) => Response | Promise<Response>;

/**
 * A phone polling its ticket (`GET /api/queues/entry/:sessionId`), answered in front of the
 * middleware chain: the poll is the app's most frequent request, and the chain's dozen steps cost
 * twice what answering it does. The lane answers only a poll whose every step would pass: an
 * active tenant's host, a live ticket the read model holds in memory, the client within its
 * plan's limit, no credentials, no body: it never asks the database per poll. It answers as the
 * chain would: the same headers (security, rate limit, request id, `Vary`, the body compressed
 * once per change), the same limit counter, metrics and log line. Anything else (another path, a
 * bad host, an unknown or suspended tenant, a finished or unknown ticket, a client over its
 * limit, an error) goes to the chain, untouched, which answers it as before.
 * tests/status_lane_test.ts holds the two answers side by side.
 */
export function withStatusLane(deps: AppDeps, chain: Fetch): Fetch {
  const { config, tenants, reads, log } = deps;
  const security = securityHeaderSet({ production: config.isProduction });
  const proxy = { trust: config.TRUST_PROXY, hops: config.TRUST_PROXY_HOPS };

  async function answer(req: Request, sessionId: string, env: Env): Promise<Response | null> {
    const started = performance.now();
    const h = req.headers;
    const target = classifyHost(
      hostnameOf(req.url, config.TRUST_PROXY ? h.get("x-forwarded-host") : null),
      config.BASE_DOMAIN,
    );
    if (target.kind === "backoffice" || target.kind === "apex") return null;
    const entry = await tenants.resolve(target);
    if (!entry?.active) return null;
    const tenant = entry.tenant;
    // From memory only: a ticket it does not know goes to the chain, which asks the database
    // once (after counting the client), so a guessed id costs no more than it did.
    const json = await reads.liveStatusJson(tenant.id, sessionId);
    if (!json) return null;
    // Counted only once the lane will answer: a poll it passes on is counted by the chain.
    const forwardedFor = config.TRUST_PROXY ? h.get("x-forwarded-for") ?? undefined : undefined;
    const limit = hitPlanLimit(config, tenant, clientIp(env?.remoteAddr, forwardedFor, proxy));
    if (!limit.allowed) return null;
    const { bytes, coding } = await sharedBytes(json, h.get("accept-encoding"));
    const requestId = crypto.randomUUID();
    // Appended to a response made without headers: Deno checks them there for less than in its
    // constructor (~3 µs of the poll's ~26 in the server, measured with profile_reads.ts json).
    const res = new Response(bytes as Uint8Array<ArrayBuffer>);
    const out = res.headers;
    out.append("content-type", "application/json");
    out.append("cache-control", "no-store");
    out.append("vary", "Accept-Encoding");
    if (coding) out.append("content-encoding", coding);
    out.append("content-length", String(bytes.byteLength));
    for (const [name, value] of Object.entries(rateLimitHeaders(limit))) out.append(name, value);
    out.append("x-request-id", requestId);
    for (const [name, value] of security.json) out.append(name, value);
    const ms = performance.now() - started;
    observeRequest(STATUS_ROUTE, "GET", 200, ms / 1e3);
    answered(log, {
      requestId,
      method: "GET",
      path: `/api/queues/entry/${sessionId}`,
      status: 200,
      ms,
      tenant: tenant.slug,
    });
    return res;
  }

  return function statusLane(req, env, ctx) {
    if (req.method !== "GET") return chain(req, env, ctx);
    const match = STATUS_URL.exec(req.url);
    const h = req.headers;
    if (!match || h.has("authorization") || h.has("content-length") || h.has("transfer-encoding")) {
      return chain(req, env, ctx);
    }
    return answer(req, match[1]!, env).catch((err) => {
      // The chain tries again and answers (a 400 for a bad host, a 503 when a read fails).
      if (!(err instanceof HttpError)) {
        log("warn", "status lane passed a poll on", { error: String(err) });
      }
      return null;
    }).then((res) => res ?? chain(req, env, ctx));
  };
}
