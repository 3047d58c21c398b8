import type { Kysely } from "kysely";
import type { Database, Plan } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import { tenantDirectoryVersionKey } from "../kv/keys.ts";
import type { HostTarget } from "./host.ts";
import {
  findTenantByDomain,
  findTenantBySlug,
  findTenantLocaleSettings,
  findTenantPlan,
} from "./tenant_repo.ts";
import { findPlatformSettingsValue } from "../backoffice/platform_settings_repo.ts";

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

/** A host's tenant, active or not (an inactive one answers "temporarily unavailable"). */
export interface TenantEntry {
  tenant: TenantContext;
  active: boolean;
}

export interface TenantDirectory {
  /** The active tenant of a host, or null (unknown or inactive). */
  lookup(target: HostTarget): Promise<TenantContext | null>;
  /** The tenant of a host whether active or not, or null when none has it. */
  resolve(target: HostTarget): Promise<TenantEntry | null>;
  /** The platform's maintenance banner for every tenant page, or null (cached like hosts). */
  banner(): Promise<string | null>;
  /** Drops this process's cached answers. */
  forget(): void;
  /**
   * After a committed tenant change: forgets here at once and bumps the shared version in KV,
   * so every other process forgets within `versionCheckMs`.
   */
  invalidate(): Promise<void>;
}

export interface TenantDirectoryOptions {
  /** Shared with every process (KV_PATH / KV_URL); without it only `forget()` invalidates. */
  kv?: Deno.Kv;
  /** The longest an answer is kept even if no version change is seen (a safety net). */
  ttlMs?: number;
  /** How often, at most, the shared version is read (one KV read per process per interval). */
  versionCheckMs?: number;
  now?: () => number;
  /** Told when the shared version cannot be bumped (KV down): others then see it by `ttlMs`. */
  onError?: (err: unknown) => void;
  /**
   * Called whenever the cached answers are dropped (a change here or seen from another
   * process), so caches derived from a tenant's settings (its branding) are dropped with them.
   */
  onForget?: () => void;
}

/**
 * Resolves hosts to tenants, caching each answer so a busy page does not hit the database per
 * request. Why a KV-held version rather than a short TTL alone: a TTL short enough for "within
 * 2 s" would read the database per host every 2 s in every process, while one KV read a second
 * per process is enough to learn that something changed, and answers are otherwise kept.
 */
export function createTenantDirectory(
  db: Kysely<Database>,
  options: TenantDirectoryOptions = {},
): TenantDirectory {
  const ttlMs = options.ttlMs ?? 30_000;
  const versionCheckMs = options.versionCheckMs ?? 1_000;
  const now = options.now ?? Date.now;
  const kv = options.kv;
  const cache = new Map<string, { at: number; value: Promise<TenantEntry | null> }>();
  let seenVersion: bigint | null = null;
  let checkedAt = -Infinity;
  let checking: Promise<void> | null = null;
  let bannerCache: { at: number; value: Promise<string | null> } | null = null;

  async function readVersion(): Promise<void> {
    try {
      const entry = await kv!.get<Deno.KvU64>(tenantDirectoryVersionKey());
      const version = entry.value?.value ?? 0n;
      if (seenVersion !== null && version !== seenVersion) forgetAll();
      seenVersion = version;
    } catch {
      // KV unreachable: nothing can be trusted to be current, so start over from the database.
      forgetAll();
      seenVersion = null;
    }
  }

  function checkVersion(): Promise<void> | null {
    if (!kv) return null;
    if (checking) return checking;
    if (now() - checkedAt < versionCheckMs) return null;
    checkedAt = now();
    checking = readVersion().finally(() => checking = null);
    return checking;
  }

  function forgetAll(): void {
    cache.clear();
    bannerCache = null;
    options.onForget?.();
  }

  async function loadBanner(): Promise<string | null> {
    const stored = await withPlatform(db, findPlatformSettingsValue);
    const banner = (stored as { maintenanceBanner?: unknown } | null)?.maintenanceBanner;
    return typeof banner === "string" && banner.trim() ? banner : null;
  }

  async function load(target: HostTarget): Promise<TenantEntry | null> {
    const row = await withPlatform(db, (trx) => {
      if (target.kind === "subdomain") return findTenantBySlug(trx, target.slug);
      if (target.kind === "domain") return findTenantByDomain(trx, target.domain);
      return Promise.resolve(null);
    });
    if (!row) return null;
    const [plan, local] = await withTenant(db, row.id, async (trx) =>
      [
        await findTenantPlan(trx),
        await findTenantLocaleSettings(trx),
      ] as const);
    return {
      tenant: {
        id: row.id,
        name: row.name,
        slug: row.slug,
        plan,
        defaultLocale: local?.defaultLocale ?? "en",
        timeZone: local?.timezone ?? "UTC",
      },
      active: row.isActive,
    };
  }

  async function resolve(target: HostTarget): Promise<TenantEntry | null> {
    if (target.kind !== "subdomain" && target.kind !== "domain") return null;
    const pending = checkVersion();
    if (pending) await pending;
    const key = target.kind === "subdomain" ? `s:${target.slug}` : `d:${target.domain}`;
    const hit = cache.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = load(target);
    cache.set(key, { at: now(), value });
    value.catch(() => cache.delete(key));
    if (cache.size > 10_000) cache.clear();
    return value;
  }

  return {
    resolve,
    async lookup(target) {
      const entry = await resolve(target);
      return entry?.active ? entry.tenant : null;
    },
    async banner() {
      const pending = checkVersion();
      if (pending) await pending;
      if (bannerCache && now() - bannerCache.at < ttlMs) return bannerCache.value;
      const value = loadBanner();
      bannerCache = { at: now(), value };
      value.catch(() => bannerCache = null);
      return value;
    },
    forget() {
      forgetAll();
    },
    async invalidate() {
      forgetAll();
      if (!kv) return;
      try {
        await kv.atomic().sum(tenantDirectoryVersionKey(), 1n).commit();
      } catch (err) {
        // The change is committed; other processes still drop their answers within `ttlMs`.
        options.onError?.(err);
      }
    },
  };
}
