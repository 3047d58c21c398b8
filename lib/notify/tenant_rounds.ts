import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { type Tx, withTenant } from "../db/transaction_repo.ts";
import { tenantBatches } from "../db/tenant_batches.ts";
import type { LocalFirstOutcome, NotifyChannel, OutgoingNotification } from "./channel.ts";
import { findNotifyEntriesAs, type NotifyEntry } from "./context_repo.ts";
import { claimSend, settleSend } from "./log_repo.ts";
import {
  channelAvailability,
  type NotificationSettings,
  notificationSettingsOf,
} from "./settings.ts";
import { findPhoneReachesAs } from "../conversation/conversation_repo.ts";
import { internationalPhone } from "../phone/phone_number.ts";

/**
 * The notification service's database work done in rounds per tenant (tenant_batches.ts): on a
 * busy night, the events that arrive while one round runs share the next round's statements.
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
 * of a busy night that come while one read runs share the next, one statement for all (two when
 * a phone channel is ready), each its own transaction under the tenant's row-level security.
 */
export function contextLoader(deps: { db: Kysely<Database>; config: Config }) {
  return tenantBatches<string, NotifyContext>(async (tenantId, entryIds) => {
    const found = await findNotifyEntriesAs(deps.db, tenantId, entryIds);
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
    const phones = reachable.map((c) => c.phone);
    const reaches = await findPhoneReachesAs(deps.db, tenantId, phones);
    for (const c of reachable) c.reach = reaches.get(c.phone) ?? null;
    return contexts;
  });
}

export interface LocalDelivery {
  local: NonNullable<NotifyChannel["local"]>;
  message: OutgoingNotification;
  attempt: Parameters<typeof claimSend>[1];
}

/**
 * A channel that writes to this database: recorded and written together, so it happens once or
 * (failed, retried by the outbox) not at all. The first attempts of a tenant's deliveries that
 * arrive while one round runs share the next round's one statement (tenant_batches.ts), recorded
 * as delivered at once; an event with an earlier attempt is left to `claimSend`'s rules, in a
 * transaction of its own, and one about an entry the tenant does not have (gone) is not
 * delivered. Should a shared statement fail, each of its items is tried alone, so one bad message
 * fails only its own event.
 */
export function localDeliveries(db: Kysely<Database>) {
  type Outcome = { delivered: boolean } | { error: unknown };
  async function deliverRound(tenantId: string, items: readonly LocalDelivery[]) {
    const firsts = items.map(({ message, attempt }) => ({
      message,
      attempt,
      id: crypto.randomUUID(),
    }));
    const outcomes: Array<Outcome | LocalFirstOutcome | undefined> = items.map(() => undefined);
    // Each local channel writes its own messages (today the web chat is the only one).
    for (const local of new Set(items.map((item) => item.local))) {
      const own = items.flatMap((item, i) => item.local === local ? [i] : []);
      try {
        const done = await local.deliverFirsts(tenantId, own.map((i) => firsts[i]!));
        for (const i of own) outcomes[i] = done.get(firsts[i]!.id);
      } catch (error) {
        // This channel's statement failed (the others' stand): a round of one reports it,
        // else each of its items is tried alone, so one bad message fails only its own event.
        for (const i of own) {
          outcomes[i] = own.length === 1
            ? { error }
            : (await deliverRound(tenantId, [items[i]!]))[0];
        }
      }
    }
    const results: Outcome[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (typeof outcome === "object") results.push(outcome);
      else if (outcome === "written") results.push({ delivered: true });
      else if (outcome === "not_found") results.push({ delivered: false });
      else if (outcome === undefined) {
        results.push({ error: new Error("The local channel gave no outcome for a delivery") });
      } else {
        results.push(
          await withTenant(db, tenantId, (trx) => deliverAgain(trx, items[i]!)).then(
            (delivered): Outcome => ({ delivered }),
            (error): Outcome => ({ error }),
          ),
        );
      }
    }
    return results;
  }
  // An event whose first attempt exists: `claimSend` says whether another is due.
  const deliverAgain = async (trx: Tx, { local, message, attempt }: LocalDelivery) => {
    const claim = await claimSend(trx, attempt);
    if (!claim) return false;
    const id = crypto.randomUUID();
    await local.write(trx, [{ message, id }]);
    await settleSend(trx, claim.id, { status: "DELIVERED", providerMessageId: id });
    return true;
  };
  const submit = tenantBatches<LocalDelivery, Outcome>(deliverRound);
  return async function deliverLocally(delivery: LocalDelivery): Promise<boolean> {
    const outcome = await submit(delivery.message.tenantId, delivery);
    if ("error" in outcome) throw outcome.error;
    if (outcome.delivered) await delivery.local.afterCommit(delivery.message);
    return outcome.delivered;
  };
}
