import type { Context } from "hono";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { findTenantLanguage } from "../display/display_repo.ts";
import { type Locale, pickLocale } from "../i18n/locales.ts";
import type { TenantEnv } from "./app_env.ts";
import { readCookie } from "./cookies.ts";

const TTL_MS = 30_000;
const defaults = new Map<string, { at: number; value: Promise<string | null> }>();

/** The tenant's default customer language, re-read at most every 30 s per process. */
export function tenantLanguage(db: Kysely<Database>, tenantId: string): Promise<string | null> {
  const now = Date.now();
  const hit = defaults.get(tenantId);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = withTenant(db, tenantId, findTenantLanguage);
  defaults.set(tenantId, { at: now, value });
  value.catch(() => defaults.delete(tenantId));
  if (defaults.size > 10_000) defaults.clear();
  return value;
}

/** A customer page's language: the `lang` cookie, else Accept-Language, else the tenant's. */
export async function pageLocale<E extends TenantEnv>(c: Context<E>): Promise<Locale> {
  return pickLocale({
    cookie: readCookie(c, "lang"),
    acceptLanguage: c.req.header("accept-language"),
    tenantDefault: await tenantLanguage(c.var.deps.db, c.var.tenant.id),
  });
}
