import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import type { DomainEvent, EventPayloads } from "../events/event_types.ts";
import { type NotifyChannel, PermanentChannelError } from "../notify/channel.ts";
import { findTenantIdentity } from "../notify/context_repo.ts";
import { tenantOrigin } from "../notify/links.ts";
import { loadNotificationSettings } from "../notify/settings.ts";
import {
  findPhoneReach,
  lockConversationMessage,
  setConversationMessageStatus,
} from "./conversation_repo.ts";
import type { ConversationDeps } from "./handlers.ts";
import { whatsappWindowOpen } from "./reach.ts";

/**
 * `conversation:reply`: sends one reply on the channel the customer wrote on, with the existing
 * provider clients, at most once: the row is marked SENDING (committed) before the provider is
 * called, and one found SENDING again (a crash in between) is INTERRUPTED, not sent twice. A
 * failure worth retrying puts it back to PENDING and throws, so the outbox tries again later.
 */
export async function sendReply(
  deps: ConversationDeps,
  channels: readonly NotifyChannel[],
  event: DomainEvent,
  signal: AbortSignal,
): Promise<void> {
  const tenantId = event.tenantId;
  const { messageId } = event.payload as EventPayloads["conversation.reply"];
  if (!tenantId) return;
  const claim = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await lockConversationMessage(trx, messageId);
    if (!row || row.direction !== "out") return null;
    if (row.status === "SENDING") {
      await setConversationMessageStatus(trx, messageId, "INTERRUPTED", {
        error: "interrupted while sending; not sent again",
      });
      return null;
    }
    if (row.status !== "PENDING") return null;
    const reach = await findPhoneReach(trx, row.phone);
    if (reach?.optedOutAt && !row.confirmsStop) {
      // Written before the customer's STOP was read: STOP wins.
      await setConversationMessageStatus(trx, messageId, "SKIPPED", {
        error: "the customer sent STOP",
      });
      return null;
    }
    await setConversationMessageStatus(trx, messageId, "SENDING");
    return { row, settings: await loadNotificationSettings(trx), reach };
  });
  if (!claim) return;
  const { row, settings, reach } = claim;
  const tenant = await withPlatform(deps.db, (trx) => findTenantIdentity(trx, tenantId));
  const channel = channels.find((c) => c.name === row.channel);
  const settle = (
    status: "SENT" | "FAILED" | "PENDING",
    extra: { error?: string; providerMessageId?: string | null } = {},
  ) =>
    withTenant(
      deps.db,
      tenantId,
      (trx) => setConversationMessageStatus(trx, messageId, status, extra),
    );
  if (!channel || !tenant) return await settle("FAILED", { error: "no channel" });
  let outcome;
  try {
    outcome = await channel.send({
      eventId: event.id,
      tenantId,
      entryId: "",
      topic: "chat",
      title: tenant.name,
      text: row.body,
      url: `${tenantOrigin(deps.config, tenant.slug)}/`,
      to: { phone: row.phone, email: null },
      sender: {
        smsFrom: settings.smsFrom ?? undefined,
        whatsappPhoneNumberId: settings.whatsappPhoneNumberId ?? undefined,
        whatsappTemplate: settings.whatsappTemplate ?? undefined,
        whatsappWindowOpen: whatsappWindowOpen(reach?.lastInboundAt ?? null),
      },
    }, signal);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentChannelError) {
      deps.log("warn", "conversation reply refused for good", { tenantId, error });
      return await settle("FAILED", { error });
    }
    await settle("PENDING", { error });
    throw err;
  }
  if (outcome.status === "SKIPPED") return await settle("FAILED", { error: outcome.reason });
  await settle("SENT", { providerMessageId: outcome.providerMessageId ?? null });
}
