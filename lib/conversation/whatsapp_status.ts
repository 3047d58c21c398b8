import { withTenant } from "../db/transaction_repo.ts";
import { updateByProviderId } from "../notify/log_repo.ts";
import type { Scope } from "../scope.ts";
import type { WhatsAppStatus } from "./webhook_payloads.ts";

/**
 * Meta's status updates for a tenant's WhatsApp notifications: delivered (or read) and failed
 * reach the NotificationLog staff see under "Messages"; sent changes nothing. Returns how many
 * attempts of this tenant matched.
 */
export async function recordWhatsAppStatuses(
  scope: Omit<Scope, "actor">,
  tenantId: string,
  statuses: readonly WhatsAppStatus[],
): Promise<number> {
  let matched = 0;
  for (const s of statuses) {
    const next = s.status === "delivered" || s.status === "read"
      ? { status: "DELIVERED" as const }
      : s.status === "failed"
      ? { status: "FAILED" as const, error: s.error ?? "failed" }
      : null;
    if (!next) continue;
    const hit = await withTenant(
      scope.db,
      tenantId,
      (trx) => updateByProviderId(trx, s.providerMessageId, next),
    );
    if (hit) matched++;
  }
  return matched;
}
