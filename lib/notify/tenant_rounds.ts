import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { tenantBatches } from "../db/tenant_batches.ts";
import type { NotifyChannel, OutgoingNotification } from "./channel.ts";
import { findNotifyEntriesWithSettings, type NotifyEntry } from "./context_repo.ts";
import { claimSend, recordFirstDeliveries, settleSend } from "./log_repo.ts";
import {
  channelAvailability,
  type NotificationSettings,
  notificationSettingsOf,
} from "./settings.ts";
import { findPhoneReaches } from "../conversation/conversation_repo.ts";
import { internationalPhone } from "../phone/phone_number.ts";

/**
 * The notification service's database work done in rounds per tenant (tenant_batches.ts): on a
 * busy night, the events that arrive while one round runs share the next transaction.
 */

export interface NotifyContext {
  entry: NotifyEntry | null;
  phone: string;
  settings: NotificationSettings | null;
  reach: { optedOutAt: Date | null; lastInboundAt: Date | null } | null;
}

/**
 * The entry with the tenant's settings, and the phone's reach when a phone channel could send
 * at all; null entry when it is gone. Read in rounds per tenant (tenant_batches.ts): the events
 * of a busy night that come while one read runs share the next, two statements for all.
 */
export function contextLoader(deps: { db: Kysely<Database>; config: Config }) {
  return tenantBatches<string, NotifyContext>((tenantId, entryIds) =>
    withTenant(deps.db, tenantId, async (trx) => {
      const found = await findNotifyEntriesWithSettings(trx, entryIds);
      const contexts = entryIds.map((id): NotifyContext => {
        const one = found.get(id);
        if (!one) return { entry: null, phone: "", settings: null, reach: null };
        const settings = notificationSettingsOf(one.settings);
        // Providers take E.164: a web join keeps the number as the customer typed it (0123…).
        const phone = internationalPhone(one.entry.customerPhone, deps.config.PHONE_COUNTRY_CODE);
        return { entry: one.entry, phone, settings, reach: null };
      });
      const reachable = contexts.filter(({ settings }) => {
        if (!settings) return false;
        const { sms, whatsapp } = channelAvailability(deps.config, settings);
        return sms.ready || whatsapp.ready;
      });
      const reaches = await findPhoneReaches(trx, reachable.map((c) => c.phone));
      for (const c of reachable) c.reach = reaches.get(c.phone) ?? null;
      return contexts;
    })
  );
}

export interface LocalDelivery {
  local: NonNullable<NotifyChannel["local"]>;
  message: OutgoingNotification;
  attempt: Parameters<typeof claimSend>[1];
}

/**
 * A channel that writes to this database: recorded and written in one transaction, so it
 * happens once or (rolled back, retried by the outbox) not at all. The first attempt is recorded
 * as delivered at once; an earlier attempt (written before deliveries were one transaction) is
 * left to `claimSend`'s rules. A tenant's deliveries that arrive while one transaction runs
 * share the next (tenant_batches.ts); should that shared one fail, each is tried alone, so one
 * bad message fails only its own event.
 */
export function localDeliveries(db: Kysely<Database>) {
  /** Delivers a round's items: the first attempts in two statements, any other one by one. */
  const deliverAll = async (trx: Tx, items: readonly LocalDelivery[]): Promise<boolean[]> => {
    const firsts = items.map(({ attempt }) => ({
      ...attempt,
      providerMessageId: crypto.randomUUID(),
    }));
    const recorded = await recordFirstDeliveries(trx, firsts);
    const written = items.flatMap((item, i) =>
      recorded.has(firsts[i]!) ? [{ item, id: firsts[i]!.providerMessageId }] : []
    );
    // Each local channel writes its own messages (today the web chat is the only one).
    for (const local of new Set(written.map(({ item }) => item.local))) {
      await local.write(
        trx,
        written.filter(({ item }) => item.local === local).map(({ item, id }) => ({
          message: item.message,
          id,
        })),
      );
    }
    const delivered: boolean[] = [];
    for (const [i, item] of items.entries()) {
      delivered.push(recorded.has(firsts[i]!) || await deliverAgain(trx, item));
    }
    return delivered;
  };
  // An event whose first attempt exists: `claimSend` says whether another is due.
  const deliverAgain = async (trx: Tx, { local, message, attempt }: LocalDelivery) => {
    const claim = await claimSend(trx, attempt);
    if (!claim) return false;
    const id = crypto.randomUUID();
    await local.write(trx, [{ message, id }]);
    await settleSend(trx, claim.id, { status: "DELIVERED", providerMessageId: id });
    return true;
  };
  type Outcome = { delivered: boolean } | { error: unknown };
  const submit = tenantBatches<LocalDelivery, Outcome>(async (tenantId, items) => {
    const all = async (trx: Tx) =>
      (await deliverAll(trx, items)).map((delivered): Outcome => ({ delivered }));
    try {
      return await withTenant(db, tenantId, all);
    } catch (err) {
      if (items.length === 1) return [{ error: err }];
    }
    // One after another: a failed round is rare, and need not take a connection per item.
    const outcomes: Outcome[] = [];
    for (const item of items) {
      outcomes.push(
        await withTenant(db, tenantId, (trx) => deliverAll(trx, [item])).then(
          ([delivered]): Outcome => ({ delivered: delivered! }),
          (error): Outcome => ({ error }),
        ),
      );
    }
    return outcomes;
  });
  return async function deliverLocally(delivery: LocalDelivery): Promise<boolean> {
    const outcome = await submit(delivery.message.tenantId, delivery);
    if ("error" in outcome) throw outcome.error;
    if (outcome.delivered) await delivery.local.afterCommit(delivery.message);
    return outcome.delivered;
  };
}
