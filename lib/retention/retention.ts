import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAction } from "../audit/record.ts";
import type { Database } from "../db/schema.ts";
import { type Tx, withPlatform, withTenant } from "../db/transaction_repo.ts";
import { findPlanSummary } from "../merchant/merchant_repo.ts";
import { listActiveTenantIds } from "../queue/auto_no_show_repo.ts";
import {
  deleteOldConversations,
  deleteOldFinishedEntries,
  deleteOldMessages,
  deleteOldNotificationLogs,
  findRetentionSetting,
  tryLockRetention,
} from "./retention_repo.ts";

/** `system_settings` key `retention`: a default and per-plan windows, in months. */
const RetentionSettingSchema = z.object({
  months: z.number().int().min(1).max(120).optional(),
  plans: z.record(z.string(), z.number().int().min(1).max(120)).optional(),
});

/**
 * How many months a tenant's finished visits are kept: its plan's window in system settings,
 * else the settings' default, else `fallbackMonths` (config RETENTION_MONTHS, 6).
 */
async function retentionMonths(
  trx: Tx,
  setting: RetentionSetting,
  fallbackMonths: number,
): Promise<number> {
  const plan = (await findPlanSummary(trx))?.plan ?? "FREE";
  return setting.plans?.[plan] ?? setting.months ?? fallbackMonths;
}

type RetentionSetting = z.infer<typeof RetentionSettingSchema>;

/** System settings are the platform's: read on its path (a bad value counts as none). */
async function readRetentionSetting(db: Kysely<Database>): Promise<RetentionSetting> {
  const parsed = RetentionSettingSchema.safeParse(await withPlatform(db, findRetentionSetting));
  return parsed.success ? parsed.data : {};
}

/** The window a tenant's customers are told about on `/privacy`. */
export async function getRetentionMonths(
  scope: { db: Kysely<Database>; tenantId: string },
  fallbackMonths: number,
): Promise<number> {
  const setting = await readRetentionSetting(scope.db);
  return await withTenant(
    scope.db,
    scope.tenantId,
    (trx) => retentionMonths(trx, setting, fallbackMonths),
  );
}

/** `now` moved back by whole calendar months (UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

export interface RetentionResult {
  entries: number;
  messages: number;
  notifications: number;
}

const SYSTEM = { userId: null, userType: "SYSTEM" as const, ipAddress: null, userAgent: null };

/** One tenant's purge; null when another runner holds it right now. */
export async function purgeTenant(
  db: Kysely<Database>,
  tenantId: string,
  options: { fallbackMonths: number; now?: Date },
): Promise<RetentionResult | null> {
  const setting = await readRetentionSetting(db);
  return await withTenant(db, tenantId, async (trx) => {
    if (!await tryLockRetention(trx, tenantId)) return null;
    const months = await retentionMonths(trx, setting, options.fallbackMonths);
    const cutoff = monthsBefore(options.now ?? new Date(), months);
    const result = {
      // Chat lines and WhatsApp/SMS messages alike.
      messages: await deleteOldMessages(trx, cutoff) + await deleteOldConversations(trx, cutoff),
      notifications: await deleteOldNotificationLogs(trx, cutoff),
      entries: await deleteOldFinishedEntries(trx, cutoff),
    };
    if (result.entries + result.messages + result.notifications > 0) {
      await recordAction(trx, tenantId, SYSTEM, {
        action: "retention.purge",
        resource: "tenant",
        resourceId: tenantId,
        details: { months, cutoff: cutoff.toISOString(), ...result },
      });
    }
    return result;
  });
}

/**
 * The daily job (spec §10.3): finished visits, chat messages and notification logs past each
 * tenant's window are deleted; the daily roll-ups stay, so the dashboard keeps its history.
 * Two runners at once: each tenant is purged by whichever takes its lock, and audited once.
 */
export async function applyRetention(
  db: Kysely<Database>,
  options: { fallbackMonths: number; now?: Date },
): Promise<RetentionResult> {
  const total = { entries: 0, messages: 0, notifications: 0 };
  for (const tenantId of await withPlatform(db, listActiveTenantIds)) {
    const r = await purgeTenant(db, tenantId, options);
    if (!r) continue;
    total.entries += r.entries;
    total.messages += r.messages;
    total.notifications += r.notifications;
  }
  return total;
}
