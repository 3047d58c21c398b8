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

const JSON_TYPE = /^application\/json/i;

type Header = readonly [name: string, value: string];

/** The security headers of an answer: a page's (any answer but JSON) or a JSON answer's. */
export interface SecurityHeaderSet {
  /** A page's, its policy around the request's nonce. */
  page(nonce: string): Header[];
  /**
   * A JSON answer's, OWASP's set for an API: it is no document, so nothing may load from it or
   * frame it, and the headers that only documents heed (referrer, opener, permissions) and the
   * pages' long policy would only cost bytes and time on every poll.
   */
  json: readonly Header[];
}

export function securityHeaderSet(options: { production: boolean }): SecurityHeaderSet {
  const [cspHead, cspTail] = cspAround(options.production);
  const hsts: Header[] = options.production
    ? [["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]]
    : [];
  const both: Header[] = [
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ...hsts,
  ];
  const pageOnly: Header[] = [
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
  ];
  return {
    page: (nonce) => [
      ["Content-Security-Policy", cspHead + nonce + cspTail],
      ...both,
      ...pageOnly,
    ],
    json: [["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"], ...both],
  };
}

/**
 * CSP with a per-request nonce (no 'unsafe-inline'), and the other browser protections; JSON
 * answers get the API's set.
 */
export function securityHeaders(options: { production: boolean }): MiddlewareHandler<AppEnv> {
  const set = securityHeaderSet(options);
  return async function securityHeadersMiddleware(c, next) {
    const nonce = randomToken(16);
    c.set("nonce", nonce);
    await next();
    const h = c.res.headers;
    const json = JSON_TYPE.test(h.get("Content-Type") ?? "");
    for (const [name, value] of json ? set.json : set.page(nonce)) h.set(name, value);
  };
}
