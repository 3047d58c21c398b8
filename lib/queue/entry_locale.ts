import { withTenant } from "../db/transaction_repo.ts";
import type { Locale } from "../i18n/locales.ts";
import type { TenantScope } from "../scope.ts";
import { updateLiveEntryLocale } from "./entry_repo.ts";

/**
 * A customer who switches language on their ticket's page hears the rest of their visit in it:
 * the live entry's language follows. An ended or unknown ticket changes nothing.
 */
export function setEntryLocale(
  scope: TenantScope,
  sessionId: string,
  locale: Locale,
): Promise<boolean> {
  return withTenant(
    scope.db,
    scope.tenantId,
    (trx) => updateLiveEntryLocale(trx, sessionId, locale),
  );
}
