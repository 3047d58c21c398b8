import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";
import { randomToken } from "../random.ts";
import { readCookie, writeCookie } from "./cookies.ts";
import { HttpError } from "./errors.ts";
import { parseFormBody } from "./input.ts";
import { createHash, type Hash } from "node:crypto";

export const CSRF_COOKIE = "qms_csrf";
export const CSRF_FIELD = "_csrf";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** Per session secret: HMAC's keyed hash states, and the tokens of recently seen cookies. */
interface Signer {
  inner: Hash;
  outer: Hash;
  tokens: Map<string, string>;
}
const signers = new Map<string, Signer>();
const SIGNED_KEPT = 10_000;

/**
 * HMAC-SHA-256 (RFC 2104) with its two keyed states hashed once per secret: a token then costs
 * two copies and two short digests of the platform's SHA-256, about half of `createHmac`'s time
 * and without its allocation spikes. Every new visitor's page pays one.
 */
function signerOf(secret: string): Signer {
  let signer = signers.get(secret);
  if (!signer) {
    const key = new TextEncoder().encode(secret);
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? createHash("sha256").update(key).digest() : key);
    signer = {
      inner: createHash("sha256").update(block.map((b) => b ^ 0x36)),
      outer: createHash("sha256").update(block.map((b) => b ^ 0x5c)),
      tokens: new Map(),
    };
    if (signers.size >= 16) signers.clear();
    signers.set(secret, signer);
  }
  return signer;
}

/** The form token of a CSRF cookie: its HMAC-SHA-256 under the session secret, base64url. */
export function csrfTokenOf(secret: string, value: string): string {
  const { inner, outer, tokens } = signerOf(secret);
  let token = tokens.get(value);
  if (token === undefined) {
    token = outer.copy().update(inner.copy().update(`csrf:${value}`).digest()).digest("base64url");
    if (tokens.size >= SIGNED_KEPT) tokens.clear();
    tokens.set(value, token);
  }
  return token;
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function isForm(c: Context<AppEnv>): boolean {
  const type = c.req.header("content-type") ?? "";
  return type.startsWith("application/x-www-form-urlencoded") ||
    type.startsWith("multipart/form-data");
}

/**
 * Browser requests that change state must come from this very origin (Origin and
 * Sec-Fetch-Site; a sibling tenant's subdomain is same-site, so same-site is refused too), and
 * forms must carry the token signed from this browser's CSRF cookie. Non-form bodies must be
 * JSON, which no cross-origin page can send without a preflight we never grant.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async function csrfMiddleware(c, next) {
    const secret = c.get("deps").config.sessionSecret;
    let cookie = readCookie(c, CSRF_COOKIE);
    if (!cookie || !/^[A-Za-z0-9_-]{22,64}$/.test(cookie)) {
      // A new browser gets its cookie with a page, which has forms to sign; a JSON read has
      // none, and a phone polling its status would otherwise pay an HMAC per poll.
      if (SAFE.has(c.req.method) && !c.req.path.startsWith("/api/")) {
        cookie = randomToken(18);
        writeCookie(c, CSRF_COOKIE, cookie, 60 * 60 * 24 * 30);
      } else cookie = undefined;
    }
    c.set("csrfToken", cookie ? csrfTokenOf(secret, cookie) : "");
    if (SAFE.has(c.req.method)) return await next();
    // Providers' callbacks are no browser's: each verifies its sender's signature instead.
    if (c.req.path.startsWith("/webhooks/")) return await next();

    const fetchSite = c.req.header("sec-fetch-site");
    if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
      throw new HttpError(403, "This request came from another site and was refused");
    }
    const origin = c.req.header("origin");
    if (origin && origin !== new URL(c.req.url).origin && !trustedForwardedOrigin(c, origin)) {
      throw new HttpError(403, "This request came from another site and was refused");
    }
    if (isForm(c)) {
      const body = await parseFormBody(c);
      const token = typeof body[CSRF_FIELD] === "string" ? body[CSRF_FIELD] : "";
      if (!cookie || !timingSafeEqual(token, c.get("csrfToken"))) {
        throw new HttpError(403, "This form has expired; reload the page and try again");
      }
    } else {
      const type = c.req.header("content-type");
      if (type && !type.startsWith("application/json")) {
        throw new HttpError(415, "Send the request body as JSON");
      }
    }
    await next();
  };
}

/** Behind a trusted proxy the URL is the proxy's; compare against the forwarded host. */
function trustedForwardedOrigin(c: Context<AppEnv>, origin: string): boolean {
  if (!c.get("deps").config.TRUST_PROXY) return false;
  const host = c.req.header("x-forwarded-host")?.split(",")[0]?.trim();
  const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() ?? "https";
  return !!host && origin === `${proto}://${host}`;
}
