import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type Tx, withPlatform } from "../db/transaction_repo.ts";
import { platformCommand } from "../audit/platform_command.ts";
import type { BackofficeScope } from "./backoffice_scope.ts";
import { findPlatformSettingsValue, savePlatformSettingsValue } from "./platform_settings_repo.ts";
import { type PlatformSettings, readPlatformSettings } from "./platform_settings_schema.ts";

export function loadPlatformSettingsIn(trx: Tx): Promise<PlatformSettings> {
  return findPlatformSettingsValue(trx).then(readPlatformSettings);
}

export function loadPlatformSettings(db: Kysely<Database>): Promise<PlatformSettings> {
  return withPlatform(db, loadPlatformSettingsIn);
}

/**
 * Saves the platform settings (audited, before and after). The maintenance banner reaches
 * every tenant page within the directory's version check, as tenant changes do.
 */
export async function savePlatformSettings(
  scope: BackofficeScope,
  next: PlatformSettings,
): Promise<PlatformSettings> {
  const saved = await platformCommand(scope, async (trx, audit) => {
    const before = await loadPlatformSettingsIn(trx);
    await savePlatformSettingsValue(trx, next);
    await audit({
      action: "settings.update",
      resource: "system_settings",
      resourceId: "platform",
      before: before as unknown as Record<string, unknown>,
      after: next as unknown as Record<string, unknown>,
    });
    return next;
  });
  await scope.tenants.invalidate();
  return saved;
}
