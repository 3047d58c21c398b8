import { z } from "zod";

/** Names a tenant may not take: hosts the platform itself answers on, or may one day. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "admin",
  "www",
  "api",
  "app",
  "backoffice",
  "static",
  "mail",
  "help",
  "status",
  "support",
  "docs",
  "blog",
  "dashboard",
  "internal",
  "assets",
  "cdn",
  "smtp",
  "ftp",
  "billing",
  "login",
  "auth",
  "root",
  "system",
]);

/** Why a slug cannot be a subdomain, or null when its form is fine (taken or not). */
export function slugProblem(slug: string): string | null {
  if (slug.length < 3 || slug.length > 50) return "A subdomain has 3 to 50 characters";
  if (!/^[a-z0-9-]+$/.test(slug)) {
    return "A subdomain uses only lower-case letters a-z, digits and hyphens";
  }
  if (slug.startsWith("-") || slug.endsWith("-")) {
    return "A subdomain cannot start or end with a hyphen";
  }
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved for the platform`;
  return null;
}

export const SlugSchema = z.string().trim().toLowerCase().superRefine((slug, ctx) => {
  const problem = slugProblem(slug);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A custom domain: a host name with at least one dot, lower-cased, no scheme or port. */
export const DomainSchema = z.string().trim().toLowerCase().max(
  253,
  "A domain is at most 253 characters",
)
  .regex(
    /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "Enter a host name such as queue.example.com (no http:// and no path)",
  );
