import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import type { DomainEvent, EventPayloads } from "../events/event_types.ts";
import type { Logger } from "../log.ts";
import {
  type ChannelOutcome,
  type NotifyChannel,
  type OutgoingNotification,
  PermanentChannelError,
} from "./channel.ts";
import { findTenantIdentity } from "./context_repo.ts";
import {
  contextLoader,
  localDeliveries,
  type LocalDelivery,
  type NotifyContext,
} from "./tenant_rounds.ts";
import { statusPageUrl } from "./links.ts";
import { claimSend, dropSend, settleSend } from "./log_repo.ts";
import { countNotification } from "../metrics/registry.ts";
import { channelAvailability, channelChosen, type Topic } from "./settings.ts";
import { chatWording, wordingFor } from "./wording.ts";
import { findChatMessageContent } from "../chat/chat_repo.ts";
import { conversationChannel, isPhoneChannel, whatsappWindowOpen } from "../conversation/reach.ts";
import { isLocale } from "../i18n/locales.ts";

export interface NotifyDeps {
  db: Kysely<Database>;
  config: Config;
  log: Logger;
}

/** What an event tells the customer about, or null when it tells them nothing. */
function topicOf(event: DomainEvent): Topic | "chat" | null {
  switch (event.type) {
    case "chat.message_sent":
      // Staff wrote: the customer may not have the page open, so their other channels hear it.
      return (event.payload as EventPayloads["chat.message_sent"]).sender === "STAFF"
        ? "chat"
        : null;
    case "entry.joined":
      return "joined";
    case "entry.called":
      return "called";
    case "entry.requeued":
      return "requeued";
    case "entry.no_show":
      return "no_show";
    case "entry.cancelled":
      return (event.payload as EventPayloads["entry.cancelled"]).by === "staff"
        ? "cancelled"
        : null;
    case "entry.almost_turn":
      return "almost";
    case "entry.reminder":
      return "reminder";
    case "notification.resend":
      return (event.payload as EventPayloads["notification.resend"]).topic;
    default:
      return null;
  }
}

/**
 * The outbox handlers of the notification service, one per channel (`notify:sms`, …), so a
 * failed channel is retried alone. Each decides whether its channel applies (the tenant's
 * choice for the topic, the provider configured, the party reachable) and otherwise succeeds
 * doing nothing. Delivery is at most once per event and channel: an attempt is committed in the
 * NotificationLog before the provider is called (see `claimSend`).
 */
export function createNotifyHandlers(
  deps: NotifyDeps,
  channels: readonly NotifyChannel[],
): EventHandler[] {
  const tenantIdentity = tenantIdentities(deps.db);
  const loadContext = contextLoader(deps);
  const deliverLocally = localDeliveries(deps.db);
  return channels.map((channel) => ({
    name: `notify:${channel.name}`,
    handle: (event, signal, round) =>
      notifyOne(
        { ...deps, tenantIdentity, loadContext, deliverLocally },
        channel,
        event,
        signal,
        round,
      ),
  }));
}

/** The text of the staff message a `chat.message_sent` event names. */
async function staffMessageText(deps: NotifyDeps, tenantId: string, event: DomainEvent) {
  const { messageId } = event.payload as EventPayloads["chat.message_sent"];
  return await withTenant(deps.db, tenantId, (trx) => findChatMessageContent(trx, messageId)) ??
    "";
}

const CONTEXT = "notify:context";

type TenantIdentity = Awaited<ReturnType<typeof findTenantIdentity>>;

/** How long a tenant's name and host are reused for its messages (a rename shows within it). */
const TENANT_TTL_MS = 60_000;

/**
 * The tenant's name and host for messages, read on the platform path at most once a minute per
 * tenant in this process (every message names its tenant; a busy night sends thousands).
 */
function tenantIdentities(db: NotifyDeps["db"]) {
  const known = new Map<string, { at: number; identity: Promise<TenantIdentity> }>();
  return function tenantIdentity(tenantId: string): Promise<TenantIdentity> {
    const hit = known.get(tenantId);
    if (hit && Date.now() - hit.at < TENANT_TTL_MS) return hit.identity;
    const identity = withPlatform(db, (trx) => findTenantIdentity(trx, tenantId));
    known.set(tenantId, { at: Date.now(), identity });
    // A failed read is not kept: the next message asks again.
    identity.catch(() => known.delete(tenantId));
    return identity;
  };
}

async function notifyOne(
  deps: NotifyDeps & {
    tenantIdentity(tenantId: string): Promise<TenantIdentity>;
    loadContext(tenantId: string, entryId: string): Promise<NotifyContext>;
    deliverLocally(delivery: LocalDelivery): Promise<boolean>;
  },
  channel: NotifyChannel,
  event: DomainEvent,
  signal: AbortSignal,
  round: Map<string, unknown> = new Map(),
): Promise<void> {
  const topic = topicOf(event);
  const tenantId = event.tenantId;
  if (!topic || !tenantId) return;
  const payload = event.payload as { entryId: string; ahead?: number; channel?: string };
  const resend = event.type === "notification.resend";
  if (resend && payload.channel !== channel.name) return;

  // The entry, the settings and the phone's reach, read once for all channels of this round.
  const context = round.get(CONTEXT) as Promise<NotifyContext> | undefined ??
    deps.loadContext(tenantId, payload.entryId);
  round.set(CONTEXT, context);
  const found = await context;
  const reach = isPhoneChannel(channel.name) ? found.reach : null;
  const { entry, phone, settings } = found;
  if (!entry || !settings) return;
  // A nudge for a party no longer waiting is stale: the line moved on.
  if ((topic === "almost" || topic === "reminder") && entry.status !== "waiting") return;
  const availability = channelAvailability(deps.config, settings);
  const conversed = conversationChannel(entry.platform);
  if (conversed && isPhoneChannel(channel.name)) {
    // A party that queued by WhatsApp or SMS hears back there, and only there.
    if (channel.name !== conversed || !availability[conversed].ready) return;
    // The conversation's own reply already gave the ticket.
    if (topic === "joined" && !resend) return;
    if (topic !== "chat" && !resend && !settings.topics[topic].includes("phone")) return;
  } else if (resend) {
    const ready = channel.name === "sms" || channel.name === "whatsapp" || channel.name === "email"
      ? availability[channel.name].ready
      : true;
    if (!ready) return;
  } else if (topic === "chat") {
    // A staff message goes where "called" goes, except the chat it was written in.
    if (channel.name === "webchat") return;
    if (!channelChosen(settings, availability, "called", channel.name)) return;
  } else if (!channelChosen(settings, availability, topic, channel.name)) {
    return;
  }
  if (channel.name === "email" && !entry.customerEmail) return;
  // A party with no browser subscribed is not claimed a push that would only be skipped.
  if (channel.name === "push" && entry.pushSubscriptions === 0) return;
  if (isPhoneChannel(channel.name) && reach?.optedOutAt) {
    deps.log("info", "notification skipped: the customer sent STOP", {
      eventId: event.id,
      channel: channel.name,
    });
    return;
  }

  const tenant = await deps.tenantIdentity(tenantId);
  if (!tenant) return;
  const url = statusPageUrl(deps.config, tenant.slug, entry.sessionId);
  const facts = { tenantName: tenant.name, ticket: entry.ticketNumber, url, ahead: payload.ahead };
  const locale = isLocale(entry.locale) ? entry.locale : "en";
  const words = topic === "chat"
    ? chatWording(facts, await staffMessageText(deps, tenantId, event), locale)
    : wordingFor(topic, facts, locale);
  const message: OutgoingNotification = {
    eventId: event.id,
    tenantId,
    entryId: entry.id,
    topic,
    ...words,
    url,
    to: { phone, email: entry.customerEmail },
    sender: {
      smsFrom: settings.smsFrom ?? undefined,
      whatsappPhoneNumberId: settings.whatsappPhoneNumberId ?? undefined,
      whatsappTemplate: settings.whatsappTemplate ?? undefined,
      whatsappWindowOpen: whatsappWindowOpen(reach?.lastInboundAt ?? null),
    },
  };

  const attempt = {
    tenantId,
    entryId: entry.id,
    eventId: event.id,
    channel: channel.name,
    topic,
    message: message.text,
  };
  if (channel.local) {
    if (await deps.deliverLocally({ local: channel.local, message, attempt })) {
      countNotification(channel.name, "DELIVERED");
    }
    return;
  }
  const claim = await withTenant(deps.db, tenantId, (trx) => claimSend(trx, attempt));
  if (!claim) return;

  let outcome: ChannelOutcome;
  try {
    outcome = await channel.send(message, signal);
  } catch (err) {
    const permanent = err instanceof PermanentChannelError;
    const error = err instanceof Error ? err.message : String(err);
    await withTenant(
      deps.db,
      tenantId,
      (trx) => settleSend(trx, claim.id, { status: "FAILED", error, retry: !permanent }),
    );
    countNotification(channel.name, "FAILED");
    if (permanent) {
      deps.log("warn", "notification refused for good", {
        eventId: event.id,
        channel: channel.name,
        error,
      });
      return;
    }
    throw err;
  }
  await withTenant(
    deps.db,
    tenantId,
    (trx) =>
      outcome.status === "SKIPPED" ? dropSend(trx, claim.id) : settleSend(trx, claim.id, outcome),
  );
  if (outcome.status !== "SKIPPED") countNotification(channel.name, outcome.status);
}
