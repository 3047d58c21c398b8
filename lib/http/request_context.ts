import type { Context, ErrorHandler, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import { asHttpError } from "./error_map.ts";
import { clientIp } from "./client_ip.ts";
import { countResponse } from "../metrics/error_rate.ts";
import { type Logger, withLogFields } from "../log.ts";

/** Request id, client address and one structured log line per request. */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const { config, log } = c.get("deps");
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    c.set(
      "clientIp",
      clientIp(c.env?.remoteAddr, c.req.header("x-forwarded-for"), {
        trust: config.TRUST_PROXY,
        hops: config.TRUST_PROXY_HOPS,
      }),
    );
    const started = performance.now();
    // A request that may change something runs with its id and tenant on every line logged
    // inside it, wherever the line is written. A read does not: the context costs ~20% of a
    // page's CPU (Deno then carries it through every async step), and a read's lines come from
    // here and from the error handler, which name the request themselves.
    if (c.req.method === "GET" || c.req.method === "HEAD") await next();
    else await withLogFields(() => ({ requestId, tenant: c.get("tenant")?.slug }), next);
    c.res.headers.set("X-Request-Id", requestId);
    if (c.req.path.startsWith("/static/")) countResponse(c.res.status);
    else {
      answered(log, {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: performance.now() - started,
        tenant: c.get("tenant")?.slug,
      });
    }
  };
}

/** A request answered: counted for the error rate, and its log line. */
export function answered(
  log: Logger,
  r: {
    requestId: string;
    method: string;
    path: string;
    status: number;
    /** How long the answer took. */
    ms: number;
    tenant: string | undefined;
  },
): void {
  countResponse(r.status);
  log("info", "request", {
    requestId: r.requestId,
    method: r.method,
    path: r.path,
    status: r.status,
    ms: Math.round(r.ms * 10) / 10,
    tenant: r.tenant,
  });
}

/** True when the client asked for JSON (the API) rather than a page. */
export function wantsJson<E extends AppEnv>(c: Context<E>): boolean {
  if (c.req.path.startsWith("/api/")) return true;
  return (c.req.header("accept") ?? "").includes("application/json");
}

/** Maps errors to responses: known ones with their message, others as a bare 500 in production. */
export function errorHandler(
  renderErrorPage: (c: Context<AppEnv>, status: number, message: string) => Response,
): ErrorHandler<AppEnv> {
  return function handleError(err, c) {
    const known = asHttpError(err);
    if (known) {
      if (known.status >= 500) {
        c.get("deps").log("warn", "unavailable", {
          requestId: c.get("requestId"),
          tenant: c.get("tenant")?.slug,
          path: c.req.path,
          code: known.code,
          error: String(err),
        });
      }
      const headers = known.options.headers ?? {};
      if (wantsJson(c)) {
        const body = known.options.fields
          ? { error: known.message, code: known.code, fields: known.options.fields }
          : { error: known.message, code: known.code };
        return c.json(body, known.status as 400, headers);
      }
      const res = renderErrorPage(c, known.status, known.message);
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      return res;
    }
    const { config, log } = c.get("deps");
    log("error", "unhandled error", {
      requestId: c.get("requestId"),
      tenant: c.get("tenant")?.slug,
      path: c.req.path,
      error: String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    const message = config.isProduction ? "Something went wrong on our side" : String(err);
    if (wantsJson(c)) {
      return c.json({ error: message, code: "internal", requestId: c.get("requestId") }, 500);
    }
    return renderErrorPage(c, 500, message);
  };
}
