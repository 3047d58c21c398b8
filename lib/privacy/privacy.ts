import { recordAction } from "../audit/record.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import type { TenantScope } from "../scope.ts";
import type { PhoneLookup } from "../phone/phone_number.ts";
import {
  anonymiseEntries,
  countPushSubscriptionsOf,
  deleteEntryTraces,
  eraseConversation,
  listConversationOf,
  listEntriesByPhone,
  listMessagesOf,
  listNotificationsOf,
} from "./privacy_repo.ts";

/** A phone number as the audit log keeps it: enough to match a later request, not to dial. */
async function phoneDigest(phone: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(phone));
  return Array.from(new Uint8Array(hash).slice(0, 8), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * Everything the tenant holds about one customer (GDPR access), audited. The phone is looked up
 * in every form it may be stored in (typed locally on the web, international by WhatsApp/SMS).
 */
export function exportCustomerData(scope: TenantScope, lookup: PhoneLookup) {
  const phone = lookup.international;
  return withTenant(scope.db, scope.tenantId, async (trx) => {
    const entries = await listEntriesByPhone(trx, lookup.forms);
    const ids = entries.map((e) => e.id);
    const data = {
      phone,
      entries,
      chatMessages: await listMessagesOf(trx, ids),
      notifications: await listNotificationsOf(trx, ids),
      pushSubscriptions: await countPushSubscriptionsOf(trx, ids),
      conversationMessages: await listConversationOf(trx, phone),
    };
    await recordAction(trx, scope.tenantId, scope.actor, {
      action: "privacy.export",
      resource: "customer",
      resourceId: await phoneDigest(phone),
      details: { entries: entries.length },
    });
    return data;
  });
}

/**
 * Erases one customer (GDPR erasure): messages, notification logs, push subscriptions and
 * their WhatsApp/SMS conversation are deleted (a STOP is kept, so it is still honoured),
 * entries anonymised (their links answer 404, also from the customers' read model of every
 * process: each entry records `entry.erased`), roll-ups and counts untouched. Audited with the
 * counts and a digest of the phone, never the phone itself.
 */
export function eraseCustomerData(scope: TenantScope, lookup: PhoneLookup) {
  const phone = lookup.international;
  return runCommand(scope, async ({ trx, record }) => {
    const ids = (await listEntriesByPhone(trx, lookup.forms)).map((e) => e.id);
    const traces = await deleteEntryTraces(trx, ids);
    const erased = await anonymiseEntries(trx, ids);
    for (const e of erased) record("entry.erased", { queueId: e.queueId, entryId: e.id });
    const conversationMessages = await eraseConversation(trx, phone);
    const result = { entries: erased.length, ...traces, conversationMessages };
    await recordAction(trx, scope.tenantId, scope.actor, {
      action: "privacy.erase",
      resource: "customer",
      resourceId: await phoneDigest(phone),
      details: result,
    });
    return result;
  });
}
