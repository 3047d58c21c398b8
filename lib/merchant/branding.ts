import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { findMainMerchant, findPlanSummary } from "./merchant_repo.ts";

/** What customers' pages show of a tenant's brand; null when its plan has no custom branding. */
export interface Branding {
  brandColor: string | null;
  logoUrl: string | null;
}

const TTL_MS = 30_000;
const cache = new Map<string, { at: number; value: Promise<Branding | null> }>();

/**
 * The tenant's brand colour and logo when its plan has `customBranding`, read at most every 30 s
 * per process (customers' pages ask on every load), and again after any tenant change (see
 * `forgetAllBranding`).
 */
export function tenantBranding(db: Kysely<Database>, tenantId: string): Promise<Branding | null> {
  const now = Date.now();
  const hit = cache.get(tenantId);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = withTenant(db, tenantId, async (trx) => {
    const plan = await findPlanSummary(trx);
    if (!plan?.customBranding) return null;
    const merchant = await findMainMerchant(trx);
    if (!merchant || (!merchant.brandColor && !merchant.logoUrl)) return null;
    return { brandColor: merchant.brandColor, logoUrl: merchant.logoUrl };
  });
  cache.set(tenantId, { at: now, value });
  value.catch(() => cache.delete(tenantId));
  if (cache.size > 10_000) cache.clear();
  return value;
}

/** Forgets a tenant's cached branding (after its settings change in this process). */
export function forgetBranding(tenantId: string): void {
  cache.delete(tenantId);
}

/**
 * Forgets every tenant's cached branding: the tenant directory calls it whenever a tenant
 * changed here or in another process (settings, plan or features in the back office).
 */
export function forgetAllBranding(): void {
  cache.clear();
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/**
 * The stylesheet that puts a brand colour on customers' pages: buttons take the colour with
 * white or dark text, whichever reads better; text and accents take it only where it still
 * reads on white (WCAG AA, 4.5:1), so a pale brand never makes a page unreadable.
 */
export function brandCss(color: string): string {
  const l = luminance(color);
  const ink = contrast(l, 1) >= contrast(l, luminance("#0f172a")) ? "#ffffff" : "#0f172a";
  const rules = [
    `:root{--brand:${color};--brand-ink:${ink}}`,
    ".bg-indigo-600,.bg-indigo-700,.hover\\:bg-indigo-700:hover{background-color:var(--brand);color:var(--brand-ink)}",
    ".brand-band{background-color:var(--brand);color:var(--brand-ink)}",
  ];
  if (contrast(l, 1) >= 4.5) {
    rules.push(".text-indigo-700,.text-indigo-800{color:var(--brand)}");
    rules.push(".border-indigo-700{border-color:var(--brand)}");
  }
  return rules.join("\n") + "\n";
}
