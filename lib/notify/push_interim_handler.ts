import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Database } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import type { DomainEvent } from "../events/event_types.ts";
import type { NotifyChannel, OutgoingNotification } from "./channel.ts";
import { findEntryForNotice, findTenantForNotice } from "./push_interim_repo.ts";

/**
 * INTERIM: the outbox handler `notify:push` for entry.joined and entry.called, until the
 * notification service (which decides channels per tenant, words messages and keeps the
 * NotificationLog) takes these events over and calls the push channel itself. Delete this file
 * and its repo then, and its line in lib/boot.ts and lib/events/subscriptions.ts.
 */
export function createInterimPushHandler(
  deps: { db: Kysely<Database>; config: Config; channel: NotifyChannel },
): EventHandler {
  const { db, config, channel } = deps;
  return {
    name: "notify:push",
    async handle(event: DomainEvent, signal: AbortSignal) {
      if (event.type !== "entry.joined" && event.type !== "entry.called") return;
      const tenantId = event.tenantId;
      if (!tenantId) return;
      const { entryId } = event.payload as { entryId: string };
      const entry = await withTenant(db, tenantId, (trx) => findEntryForNotice(trx, entryId));
      // A call that was undone (seated, requeued, cancelled) before we got here is not news.
      if (!entry || (event.type === "entry.called" && entry.status !== "called")) return;
      const tenant = await withPlatform(db, (trx) => findTenantForNotice(trx, tenantId));
      if (!tenant) return;
      const called = event.type === "entry.called";
      const message: OutgoingNotification = {
        eventId: event.id,
        tenantId,
        entryId,
        topic: called ? "called" : "joined",
        title: called
          ? `It's your turn at ${tenant.name}`
          : `You're in the queue at ${tenant.name}`,
        text: called
          ? `Ticket ${entry.ticketNumber}: please come to the counter now.`
          : `Ticket ${entry.ticketNumber}. We'll tell you when it's your turn.`,
        url: `${tenantOrigin(config, tenant)}/queue/status/${entry.sessionId}`,
      };
      await channel.send(message, signal);
    },
  };
}

/** The tenant's own address: its domain, else its subdomain of BASE_DOMAIN. */
function tenantOrigin(config: Config, tenant: { slug: string; domain: string | null }): string {
  if (tenant.domain) return `https://${tenant.domain}`;
  const scheme = config.isProduction ? "https" : "http";
  const port = config.isProduction || [80, 443].includes(config.PORT) ? "" : `:${config.PORT}`;
  return `${scheme}://${tenant.slug}.${config.BASE_DOMAIN}${port}`;
}
