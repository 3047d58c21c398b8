import { withTenant } from "../db/transaction_repo.ts";
import { DomainError } from "../errors.ts";
import type { Translator } from "../i18n/catalogue.ts";
import type { ConversationKey } from "../i18n/messages/conversation.ts";
import { statusPageUrl } from "../notify/links.ts";
import type { Config } from "../config.ts";
import { cancelOwnEntry } from "../queue/customer_actions.ts";
import { getEntryStatus } from "../queue/entry_status.ts";
import type { EntryView } from "../queue/entry_view.ts";
import { joinQueue } from "../queue/join.ts";
import { listActiveQueuesWithCounts } from "../queue/queue_repo.ts";
import type { TenantScope } from "../scope.ts";
import {
  type ConversationMessageRow,
  type ConversationRow,
  findLiveEntryOfPhone,
  type PhoneEntry,
} from "./conversation_repo.ts";
import type { Intent } from "./keywords.ts";
import { phoneLookup } from "../phone/phone_number.ts";

/** What the conversation wants done after it read one message. */
export interface Outcome {
  /** The reply to send (none: say nothing). */
  reply: string | null;
  /** The customer's words go to the staff chat of this entry. */
  chat?: { entryId: string; queueId: string };
}

/** Waiting for a name or a queue choice: what the customer asked to do meanwhile. */
interface PendingJoin {
  partySize: number;
  queueId?: string;
  queueIds?: string[];
}

export interface Turn {
  scope: TenantScope;
  config: Config;
  tenant: { name: string; slug: string };
  message: ConversationMessageRow;
  /** Changed in place: what to remember for the next message. */
  state: ConversationRow;
  t: Translator<ConversationKey>;
}

function liveEntry(turn: Turn): Promise<PhoneEntry | null> {
  return withTenant(
    turn.scope.db,
    turn.scope.tenantId,
    // A party that joined on the web may have typed the number the local way (0123…).
    (trx) =>
      findLiveEntryOfPhone(
        trx,
        phoneLookup(turn.message.phone, turn.config.PHONE_COUNTRY_CODE).forms,
      ),
  );
}

function placeWords(turn: Turn, key: ConversationKey, view: EntryView): string {
  return turn.t(key, {
    tenant: turn.tenant.name,
    queue: view.queueName,
    ticket: view.ticketNumber,
    position: view.position ?? 1,
    wait: view.estimatedWaitTime,
    url: statusPageUrl(turn.config, turn.tenant.slug, view.sessionId),
  });
}

async function describeLive(turn: Turn, entry: PhoneEntry, waitingKey: ConversationKey) {
  const view = await getEntryStatus(turn.scope.db, turn.scope.tenantId, entry.sessionId);
  if (!view) return turn.t("status.none", { tenant: turn.tenant.name });
  if (view.status === "called") {
    return turn.t("status.called", {
      tenant: turn.tenant.name,
      ticket: view.ticketNumber,
      url: statusPageUrl(turn.config, turn.tenant.slug, view.sessionId),
    });
  }
  return placeWords(turn, waitingKey, view);
}

/** The answer to one message, given what the conversation remembers. */
export async function respond(turn: Turn, intent: Intent): Promise<Outcome> {
  const { state, t } = turn;
  const tenant = turn.tenant.name;
  const pending = state.pending as PendingJoin | null;
  // A keyword always wins over a question left open.
  if (state.awaiting === "name" && intent.kind === "text" && pending) {
    state.customerName = intent.text.slice(0, 100);
    state.awaiting = null;
    state.pending = null;
    return await join(turn, pending);
  }
  if (state.awaiting === "queue" && intent.kind === "number" && pending?.queueIds) {
    const queueId = pending.queueIds[intent.value - 1];
    if (!queueId) {
      return { reply: t("ask.queue.again", { count: pending.queueIds.length }) };
    }
    state.awaiting = null;
    state.pending = null;
    return await join(turn, { partySize: pending.partySize, queueId });
  }
  state.awaiting = null;
  state.pending = null;
  switch (intent.kind) {
    case "join":
      if (intent.partySize !== null && (intent.partySize < 1 || intent.partySize > 20)) {
        return { reply: t("refused.party_size", { tenant }) };
      }
      return await join(turn, { partySize: intent.partySize ?? 1 });
    case "status": {
      const entry = await liveEntry(turn);
      if (!entry) return { reply: t("status.none", { tenant }) };
      return { reply: await describeLive(turn, entry, "status.waiting") };
    }
    case "cancel": {
      const entry = await liveEntry(turn);
      if (!entry) return { reply: t("status.none", { tenant }) };
      try {
        const view = await cancelOwnEntry(turn.scope, entry.sessionId);
        return { reply: t("cancelled", { tenant, ticket: view.ticketNumber }) };
      } catch (err) {
        if (err instanceof DomainError && err.code === "cancellation_not_allowed") {
          return { reply: t("cancel.refused", { tenant }) };
        }
        if (err instanceof DomainError && err.code === "entry_ended") {
          return { reply: t("status.none", { tenant }) };
        }
        throw err;
      }
    }
    case "text": {
      // Words that are no keyword go to the staff chat when the customer has a place.
      const entry = intent.text ? await liveEntry(turn) : null;
      if (entry) return { reply: null, chat: { entryId: entry.id, queueId: entry.queueId } };
      return { reply: t("help", { tenant }) };
    }
    default:
      return { reply: t("help", { tenant }) };
  }
}

/** JOIN: the one open queue (or the one chosen), a name, then the same join as the web's. */
async function join(turn: Turn, want: PendingJoin): Promise<Outcome> {
  const { state, t, scope, message } = turn;
  const tenant = turn.tenant.name;
  const existing = await liveEntry(turn);
  // The channel proves the phone: a second JOIN answers with the ticket it already holds.
  if (existing) return { reply: await describeLive(turn, existing, "already") };
  let queueId = want.queueId;
  if (!queueId) {
    const open = (await withTenant(scope.db, scope.tenantId, listActiveQueuesWithCounts))
      .filter((q) => q.acceptingCustomers);
    if (open.length === 0) return { reply: t("refused.closed", { tenant }) };
    if (open.length > 1) {
      state.awaiting = "queue";
      state.pending = { partySize: want.partySize, queueIds: open.map((q) => q.id) };
      const list = open.map((q, i) => `${i + 1}. ${q.name} (${q.waitingCount})`).join("\n");
      return { reply: t("ask.queue", { tenant, list }) };
    }
    queueId = open[0]!.id;
  }
  const name = state.customerName ?? message.profileName;
  if (!name) {
    state.awaiting = "name";
    state.pending = { partySize: want.partySize, queueId };
    return { reply: t("ask.name", { tenant }) };
  }
  state.customerName = name.slice(0, 100);
  try {
    const joined = await joinQueue(scope, queueId, {
      customerName: state.customerName,
      customerPhone: message.phone,
      partySize: want.partySize,
    }, {
      platform: message.channel,
      idempotencyKey: `conversation:${message.id}`,
      // Their later notices speak the language they queued in.
      locale: state.locale,
      callingCode: turn.config.PHONE_COUNTRY_CODE,
    });
    return { reply: placeWords(turn, joined.created ? "joined" : "already", joined.entry) };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const p = err.params as Record<string, string | number>;
    switch (err.code) {
      case "phone_already_queued": {
        const live = await liveEntry(turn);
        return {
          reply: live ? await describeLive(turn, live, "already") : t("refused.closed", { tenant }),
        };
      }
      case "not_accepting":
      case "outside_hours":
      case "queue_full":
        return { reply: t(`refused.${err.code}` as ConversationKey, { tenant, ...p }) };
      case "not_found":
        return { reply: t("refused.closed", { tenant }) };
      default:
        throw err;
    }
  }
}
