/** What a request's host names: a tenant by subdomain, a custom domain, the back office, or the apex. */
export type HostTarget =
  | { kind: "subdomain"; slug: string }
  | { kind: "domain"; domain: string }
  | { kind: "backoffice" }
  | { kind: "apex" };

const SLUG = /^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/;

/** Classifies a hostname (no port) against BASE_DOMAIN. */
export function classifyHost(hostname: string, baseDomain: string): HostTarget {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  const base = baseDomain.toLowerCase();
  if (host === base || host === `www.${base}`) return { kind: "apex" };
  if (host === `admin.${base}`) return { kind: "backoffice" };
  if (host.endsWith(`.${base}`)) {
    const label = host.slice(0, -(base.length + 1));
    if (SLUG.test(label)) return { kind: "subdomain", slug: label };
    return { kind: "domain", domain: host };
  }
  return { kind: "domain", domain: host };
}
