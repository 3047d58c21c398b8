import { withTenant } from "../db/transaction_repo.ts";
import type { TenantScope } from "../scope.ts";
import { updateByProviderId } from "./log_repo.ts";

/**
 * A provider's word on a message it accepted (Twilio's status callback): delivered, or not after
 * all. Statuses on the way (queued, sending, sent) change nothing. Returns whether an attempt of
 * this tenant matched.
 */
export async function recordSmsStatus(
  scope: TenantScope,
  update: { messageSid: string; status: string; errorCode?: string },
): Promise<boolean> {
  const error = update.errorCode ? `Twilio error ${update.errorCode}` : undefined;
  const next = update.status === "delivered"
    ? { status: "DELIVERED" as const }
    : update.status === "undelivered"
    ? { status: "BOUNCED" as const, error: error ?? "undelivered" }
    : update.status === "failed"
    ? { status: "FAILED" as const, error: error ?? "failed" }
    : null;
  if (!next) return false;
  return await withTenant(
    scope.db,
    scope.tenantId,
    (trx) => updateByProviderId(trx, update.messageSid, next),
  );
}
