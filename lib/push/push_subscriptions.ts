import { withTenant } from "../db/transaction_repo.ts";
import { DomainError, notFoundError } from "../errors.ts";
import type { TenantScope } from "../scope.ts";
import { refusePushEndpoint } from "./push_endpoint.ts";
import type { PushSubscribeInput } from "./push_schema.ts";
import {
  findEntryForSubscription,
  savePushSubscription,
  trimPushSubscriptions,
} from "./push_subscription_repo.ts";

/** Browsers one ticket may notify: a phone, a tablet, a partner's phone… */
export const MAX_SUBSCRIPTIONS_PER_ENTRY = 5;

/**
 * Saves a customer's browser for push notifications about their place. The endpoint must be a
 * push service this deployment allows (the server will POST to it later); the ticket must be
 * live (a finished visit has nothing more to tell).
 */
export async function subscribeToPush(
  scope: TenantScope,
  input: PushSubscribeInput,
  options: { allowedHosts: readonly string[] },
): Promise<{ id: string }> {
  const { endpoint, keys } = input.subscription;
  const refusal = refusePushEndpoint(endpoint, options.allowedHosts);
  if (refusal) {
    throw new DomainError("invalid_input", { fields: { "subscription.endpoint": refusal } });
  }
  return await withTenant(scope.db, scope.tenantId, async (trx) => {
    const entry = await findEntryForSubscription(trx, input.sessionId);
    if (!entry) throw notFoundError("entry_link");
    if (entry.status !== "waiting" && entry.status !== "called") {
      throw new DomainError("invalid_input", {
        fields: { sessionId: "This place has ended; there is nothing more to notify" },
      });
    }
    const saved = await savePushSubscription(trx, {
      tenantId: scope.tenantId,
      queueEntryId: entry.id,
      endpoint,
      p256dh: keys.p256dh,
      auth: keys.auth,
    });
    await trimPushSubscriptions(trx, entry.id, MAX_SUBSCRIPTIONS_PER_ENTRY);
    return { id: saved.id };
  });
}
