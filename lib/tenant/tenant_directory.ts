import type { Kysely } from "kysely";
import type { Database, Plan } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import type { HostTarget } from "./host.ts";
import {
  findActiveTenantByDomain,
  findActiveTenantBySlug,
  findTenantLocaleSettings,
  findTenantPlan,
} from "./tenant_repo.ts";

export interface TenantContext {
  id: string;
  name: string;
  slug: string;
  plan: Plan;
  /** The customer pages' language when the visitor's browser asks for none we speak. */
  defaultLocale: string;
  /** The main location's time zone: customer pages show times in it. */
  timeZone: string;
}

export interface TenantDirectory {
  lookup(target: HostTarget): Promise<TenantContext | null>;
  forget(): void;
}

/**
 * Resolves hosts to active tenants, caching each answer briefly so a busy page does not hit
 * the database per request; a deactivated tenant stops resolving within `ttlMs`.
 */
export function createTenantDirectory(
  db: Kysely<Database>,
  options: { ttlMs?: number; now?: () => number } = {},
): TenantDirectory {
  const ttlMs = options.ttlMs ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; value: Promise<TenantContext | null> }>();

  async function load(target: HostTarget): Promise<TenantContext | null> {
    const row = await withPlatform(db, (trx) => {
      if (target.kind === "subdomain") return findActiveTenantBySlug(trx, target.slug);
      if (target.kind === "domain") return findActiveTenantByDomain(trx, target.domain);
      return Promise.resolve(null);
    });
    if (!row) return null;
    const [plan, local] = await withTenant(db, row.id, async (trx) =>
      [
        await findTenantPlan(trx),
        await findTenantLocaleSettings(trx),
      ] as const);
    return {
      id: row.id,
      name: row.name,
      slug: row.slug,
      plan,
      defaultLocale: local?.defaultLocale ?? "en",
      timeZone: local?.timezone ?? "UTC",
    };
  }

  return {
    lookup(target) {
      if (target.kind !== "subdomain" && target.kind !== "domain") return Promise.resolve(null);
      const key = target.kind === "subdomain" ? `s:${target.slug}` : `d:${target.domain}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      const value = load(target);
      cache.set(key, { at: now(), value });
      value.catch(() => cache.delete(key));
      if (cache.size > 10_000) cache.clear();
      return value;
    },
    forget() {
      cache.clear();
    },
  };
}
