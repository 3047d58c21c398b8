/** Which proxies sit in front of the app: TRUST_PROXY and TRUST_PROXY_HOPS. */
export interface ProxyTrust {
  trust: boolean;
  /** Proxies we run between the client and the app; the nearest appends the last entry. */
  hops: number;
}

/**
 * The client's address: the connection's, or, behind proxies we trust, the `X-Forwarded-For`
 * entry `hops` places from the right. Each proxy appends the address it saw, so entries further
 * left were written by the client and prove nothing; with fewer entries than hops, the leftmost.
 */
export function clientIp(
  remoteAddr: { hostname?: string } | undefined,
  forwardedFor: string | undefined,
  proxy: ProxyTrust,
): string {
  if (proxy.trust && forwardedFor) {
    const entries = forwardedFor.split(",").map((e) => e.trim()).filter((e) => e !== "");
    const chosen = entries[Math.max(0, entries.length - proxy.hops)];
    if (chosen) return chosen;
  }
  return remoteAddr?.hostname ?? "unknown";
}
