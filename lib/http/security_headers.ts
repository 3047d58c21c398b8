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

/**
 * A JSON answer's policy: it is no document, so nothing may load from it or frame it (the
 * pages' long policy and its nonce would only cost bytes and time on every poll).
 */
export const JSON_CSP = "default-src 'none'; frame-ancestors 'none'";

const JSON_TYPE = /^application\/json/i;

/** The headers every response carries: the CSP around a request's nonce, and the rest. */
export interface SecurityHeaderSet {
  csp(nonce: string): string;
  fixed: ReadonlyArray<readonly [string, string]>;
}

export function securityHeaderSet(options: { production: boolean }): SecurityHeaderSet {
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
  return { csp: (nonce) => cspHead + nonce + cspTail, fixed };
}

/**
 * CSP with a per-request nonce (no 'unsafe-inline'; JSON gets `JSON_CSP`), and the other browser
 * protections.
 */
export function securityHeaders(options: { production: boolean }): MiddlewareHandler<AppEnv> {
  const { csp, fixed } = securityHeaderSet(options);
  return async function securityHeadersMiddleware(c, next) {
    const nonce = randomToken(16);
    c.set("nonce", nonce);
    await next();
    const h = c.res.headers;
    const json = JSON_TYPE.test(h.get("Content-Type") ?? "");
    h.set("Content-Security-Policy", json ? JSON_CSP : csp(nonce));
    for (const [name, value] of fixed) h.set(name, value);
  };
}
