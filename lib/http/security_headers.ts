import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import { randomToken } from "../random.ts";

/** The policy around the nonce, built once: only the nonce differs between requests. */
function cspAround(production: boolean): [string, string] {
  const before = ["default-src 'self'"];
  const after = [
    "style-src 'self'",
    // https: for the tenant's own logo (Settings), which lives on its own site.
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ];
  return [`${before.join("; ")}; script-src 'self' 'nonce-`, `'; ${after.join("; ")}`];
}

/** CSP with a per-request nonce (no 'unsafe-inline'), and the other browser protections. */
export function securityHeaders(options: { production: boolean }): MiddlewareHandler<AppEnv> {
  const [cspHead, cspTail] = cspAround(options.production);
  const fixed: Array<[string, string]> = [
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
    ...(options.production
      ? [["Strict-Transport-Security", "max-age=31536000; includeSubDomains"] as [string, string]]
      : []),
  ];
  return async function securityHeadersMiddleware(c, next) {
    const nonce = randomToken(16);
    c.set("nonce", nonce);
    await next();
    const h = c.res.headers;
    h.set("Content-Security-Policy", cspHead + nonce + cspTail);
    for (const [name, value] of fixed) h.set(name, value);
  };
}
