import type { Kysely } from "kysely";
import { insertChatMessage } from "../chat/chat_repo.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import type { DomainEvent, EventPayloads } from "../events/event_types.ts";
import { runCommand } from "../events/command.ts";
import { conversationMessages } from "../i18n/messages/conversation.ts";
import type { Logger } from "../log.ts";
import type { NotifyChannel } from "../notify/channel.ts";
import { findTenantIdentity } from "../notify/context_repo.ts";
import type { AfterCommit } from "../scope.ts";
import {
  type ConversationRow,
  findConversation,
  findConversationMessage,
  insertOutboundMessage,
  listUnhandledUpTo,
  lockConversationMessage,
  saveConversation,
  setConversationMessageStatus,
} from "./conversation_repo.ts";
import { readMessage } from "./keywords.ts";
import { respond } from "./respond.ts";
import { sendReply } from "./send_reply.ts";

export interface ConversationDeps {
  db: Kysely<Database>;
  kv: Deno.Kv;
  log: Logger;
  config: Config;
  afterCommit: AfterCommit;
}

const CUSTOMER = { userId: null, userType: "CUSTOMER" as const, ipAddress: null, userAgent: null };

/**
 * `conversation:inbound`: reads one stored customer message, acts on it (join, status, cancel,
 * stop…) and, in one transaction, remembers the conversation, passes free text to the staff
 * chat, writes the reply (sent by `conversation:reply`) and marks the message handled. A retry
 * after a crash joins nothing twice: the join's idempotency key is the message's id.
 */
async function handleInbound(deps: ConversationDeps, event: DomainEvent): Promise<void> {
  const tenantId = event.tenantId;
  const { messageId } = event.payload as EventPayloads["conversation.received"];
  if (!tenantId) return;
  // Earlier messages of the same phone first (the outbox does not promise an order).
  const ids = await withTenant(deps.db, tenantId, (trx) => listUnhandledUpTo(trx, messageId));
  for (const id of ids) await handleOne(deps, tenantId, id);
}

async function handleOne(deps: ConversationDeps, tenantId: string, messageId: string) {
  const scope = { ...deps, actor: CUSTOMER, tenantId };
  const loaded = await withTenant(deps.db, tenantId, async (trx) => {
    const message = await findConversationMessage(trx, messageId);
    return { message, conversation: message ? await findConversation(trx, message.phone) : null };
  });
  const message = loaded.message;
  if (!message || message.direction !== "in" || message.status === "HANDLED") return;
  const tenant = await withPlatform(deps.db, (trx) => findTenantIdentity(trx, tenantId));
  if (!tenant) return;

  const reading = readMessage(message.body);
  let intent = reading.intent;
  if (message.optOutType === "STOP") intent = { kind: "stop" };
  if (message.optOutType === "START") intent = { kind: "start" };
  const state: ConversationRow = {
    phone: message.phone,
    channel: message.channel,
    locale: reading.locale ?? loaded.conversation?.locale ?? "en",
    customerName: loaded.conversation?.customerName ?? null,
    awaiting: loaded.conversation?.awaiting ?? null,
    pending: loaded.conversation?.pending ?? null,
    lastInboundAt: new Date(),
    optedOutAt: loaded.conversation?.optedOutAt ?? null,
  };
  const t = conversationMessages.for(state.locale);
  let reply: string | null = null;
  let chat: { entryId: string; queueId: string } | undefined;
  if (intent.kind === "stop") {
    if (reading.intent.kind === "cancel" && !state.optedOutAt) {
      // Twilio counts CANCEL as an opt-out; the customer also meant to leave the queue.
      await respond({ scope, config: deps.config, tenant, message, state, t }, reading.intent);
    }
    state.optedOutAt = new Date();
    state.awaiting = null;
    state.pending = null;
    // Twilio confirmed its own opt-out already (and blocks our messages to the number).
    reply = message.optOutType === "STOP" ? null : t("stopped", { tenant: tenant.name });
  } else if (intent.kind === "start") {
    state.optedOutAt = null;
    reply = message.optOutType === "START" ? null : t("started", { tenant: tenant.name });
  } else if (state.optedOutAt) {
    // STOP means no messages at all until START: the words are kept, nothing is done.
    deps.log("info", "conversation message from an opted-out phone ignored", { tenantId });
  } else {
    const outcome = await respond(
      { scope, config: deps.config, tenant, message, state, t },
      intent,
    );
    reply = outcome.reply;
    chat = outcome.chat;
  }

  await runCommand(scope, async ({ trx, record }) => {
    const locked = await lockConversationMessage(trx, messageId);
    if (!locked || locked.status === "HANDLED") return;
    await findConversation(trx, message.phone); // locks the conversation row, if any
    await saveConversation(trx, tenantId, state);
    if (chat) {
      const said = await insertChatMessage(trx, {
        tenantId,
        entryId: chat.entryId,
        sender: "CUSTOMER",
        content: message.body.slice(0, 1000),
      });
      record("chat.message_sent", {
        queueId: chat.queueId,
        entryId: chat.entryId,
        messageId: said.id,
        sender: "CUSTOMER",
      });
    }
    if (reply) {
      const id = await insertOutboundMessage(trx, {
        tenantId,
        phone: message.phone,
        channel: message.channel,
        body: reply,
        confirmsStop: intent.kind === "stop",
      });
      record("conversation.reply", { messageId: id });
    }
    await setConversationMessageStatus(trx, messageId, "HANDLED");
  });
}

/** The two outbox handlers of queueing by message. */
export function createConversationHandlers(
  deps: ConversationDeps,
  channels: readonly NotifyChannel[],
): EventHandler[] {
  return [
    { name: "conversation:inbound", handle: (event) => handleInbound(deps, event) },
    {
      name: "conversation:reply",
      handle: (event, signal) => sendReply(deps, channels, event, signal),
    },
  ];
}
