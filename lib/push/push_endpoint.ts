/**
 * A push subscription's endpoint is a URL the customer's browser hands us, and we later POST to
 * it: without a check, anyone could make the server call any address (SSRF). Only the known push
 * services are accepted unless PUSH_ENDPOINT_ALLOW names others.
 */

/** Chrome/Edge (FCM), Firefox (Mozilla autopush), Safari (Apple), Windows (WNS). */
export const DEFAULT_PUSH_HOSTS: readonly string[] = [
  "fcm.googleapis.com",
  "updates.push.services.mozilla.com",
  "*.push.services.mozilla.com",
  "*.push.apple.com",
  "*.notify.windows.com",
];

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Host patterns from PUSH_ENDPOINT_ALLOW (a comma list), or the default ones without it. */
export function pushHostPatterns(allow: string | undefined): string[] {
  if (!allow) return [...DEFAULT_PUSH_HOSTS];
  return allow.split(",").map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0);
}

function hostMatches(host: string, pattern: string): boolean {
  if (pattern.startsWith("*.")) {
    return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  }
  return host === pattern;
}

/**
 * Why an endpoint is refused, or null when it may be used: https to an allowed host (plain http
 * only to an allowed loopback host, which only tests configure), no credentials in the URL.
 */
export function refusePushEndpoint(endpoint: string, patterns: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "Not a valid URL";
  }
  const host = url.hostname.toLowerCase();
  if (url.username || url.password) return "A push endpoint may not carry credentials";
  if (!patterns.some((p) => hostMatches(host, p))) return "Not a known push service";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK.has(host)) return null;
  return "A push endpoint must use https";
}
