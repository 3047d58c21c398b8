import type { ConversationChannel } from "../db/schema.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import { conversationRateBucket } from "../kv/keys.ts";
import { hitRateLimit } from "../kv/rate_limit.ts";
import type { Scope } from "../scope.ts";
import {
  findTenantBySmsNumber,
  findTenantByWhatsAppNumber,
  insertInboundMessage,
} from "./conversation_repo.ts";

/** One customer message as a webhook delivered it, before anything is understood. */
export interface InboundMessage {
  channel: ConversationChannel;
  /** Meta's `wamid…` or Twilio's `SM…`: a message seen twice is processed once. */
  providerMessageId: string;
  /** The sender, E.164 with its `+`. */
  from: string;
  body: string;
  /** The WhatsApp profile name, when Meta sends one. */
  profileName: string | null;
  /** Twilio's Advanced Opt-Out verdict, when it sends one. */
  optOutType: "STOP" | "START" | "HELP" | null;
}

export interface ReceiveOutcome {
  stored: number;
  /** Seen before (a provider's retry): acknowledged, not processed again. */
  duplicates: number;
  /** Over the per-sender rate limit: acknowledged and dropped. */
  limited: number;
}

const SYSTEM = { userId: null, userType: "CUSTOMER" as const, ipAddress: null, userAgent: null };

/** The tenant a provider number belongs to (the platform path: any tenant may own it). */
export function tenantOfNumber(
  scope: Omit<Scope, "actor">,
  channel: ConversationChannel,
  number: string,
) {
  return withPlatform(
    scope.db,
    (trx) =>
      channel === "whatsapp"
        ? findTenantByWhatsAppNumber(trx, number)
        : findTenantBySmsNumber(trx, number),
  );
}

/**
 * Stores a tenant's inbound messages and records `conversation.received` for each new one, in
 * one transaction per message; the work (joining, replying) runs from the outbox afterwards, so
 * the webhook answers at once. Each sender may send `perMinute` messages a minute.
 */
export async function receiveInbound(
  scope: Omit<Scope, "actor">,
  tenantId: string,
  messages: readonly InboundMessage[],
  perMinute: number,
): Promise<ReceiveOutcome> {
  const outcome: ReceiveOutcome = { stored: 0, duplicates: 0, limited: 0 };
  for (const m of messages) {
    const hit = await hitRateLimit(scope.kv, conversationRateBucket(tenantId, m.from), {
      limit: perMinute,
      windowMs: 60_000,
    });
    if (!hit.allowed) {
      outcome.limited++;
      scope.log("warn", "conversation message over the sender's rate limit", {
        tenantId,
        channel: m.channel,
      });
      continue;
    }
    const stored = await runCommand({ ...scope, actor: SYSTEM, tenantId }, async (cmd) => {
      const id = await insertInboundMessage(cmd.trx, {
        tenantId,
        phone: m.from,
        channel: m.channel,
        providerMessageId: m.providerMessageId,
        body: m.body.slice(0, 4096),
        profileName: m.profileName?.slice(0, 200) ?? null,
        optOutType: m.optOutType,
      });
      if (id) cmd.record("conversation.received", { messageId: id });
      return id !== null;
    });
    if (stored) outcome.stored++;
    else outcome.duplicates++;
  }
  return outcome;
}
