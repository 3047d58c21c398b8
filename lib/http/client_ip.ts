/**
 * The client's address: the connection's, or the first `X-Forwarded-For` hop only when the
 * app sits behind a proxy we trust (anyone can send that header otherwise).
 */
export function clientIp(
  remoteAddr: { hostname?: string } | undefined,
  forwardedFor: string | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor) {
    const first = forwardedFor.split(",")[0]?.trim();
    if (first) return first;
  }
  return remoteAddr?.hostname ?? "unknown";
}
