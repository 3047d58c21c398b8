import type { Tx } from "../db/transaction_repo.ts";

/**
 * The seam between the notification service (which decides who hears what, and records each
 * attempt in the NotificationLog) and the channels that carry a message (web chat, SMS, WhatsApp,
 * email, web push). A channel knows its provider and how to reach one queue entry; it never
 * decides whether to send.
 */

export type ChannelName = "webchat" | "sms" | "whatsapp" | "email" | "push";

/** What the customer is told about: one per notifiable event. */
export type NotifyTopic =
  | "joined"
  | "reminder"
  | "almost"
  | "called"
  | "requeued"
  | "no_show"
  | "cancelled"
  | "chat";

/** One message for one queue entry, already worded in the tenant's language. */
export interface OutgoingNotification {
  /** The outbox event it answers: with the channel, it names the delivery (at most once). */
  eventId: string;
  tenantId: string;
  entryId: string;
  topic: NotifyTopic;
  /** Short heading (push title, email subject). */
  title: string;
  /** The message itself: plain text, SMS-sized where possible, with the link in it. */
  text: string;
  /** The customer's status page on the tenant's own host. */
  url: string;
  /** Where the party can be reached (set by the service; push finds its own subscription). */
  to?: { phone: string; email: string | null };
  /** The tenant's own sender ids for provider channels. */
  sender?: {
    smsFrom?: string;
    whatsappPhoneNumberId?: string;
    whatsappTemplate?: string;
    /** The customer wrote on WhatsApp in the last 24 h (free text allowed); else a template. */
    whatsappWindowOpen?: boolean;
  };
}

/** How a send ended when it did not throw. */
export type ChannelOutcome =
  /** Handed to the provider (its message id, when it gives one, for status callbacks). */
  | { status: "SENT" | "DELIVERED"; providerMessageId?: string }
  /** This entry cannot be reached on this channel (not configured, no address, no subscription). */
  | { status: "SKIPPED"; reason: string };

/**
 * A channel. `send` throws on a failure worth retrying (a timeout, a 5xx, a refused connection);
 * the service records it as FAILED with the error and the outbox tries again later. A permanent
 * refusal (an invalid number, a push subscription gone: 404/410) is returned as SKIPPED or thrown
 * as `PermanentChannelError` so it is not retried.
 */
export interface NotifyChannel {
  name: ChannelName;
  send(message: OutgoingNotification, signal: AbortSignal): Promise<ChannelOutcome>;
  /**
   * A channel whose delivery is a row in this database (the web chat): the service records the
   * attempt and writes the message together, so it happens once or (failed, retried by the
   * outbox) not at all, then calls `afterCommit` (tell open pages). `send` is then not used.
   */
  local?: {
    /**
     * First attempts: records each as delivered and writes its message, all in one statement
     * that is its own transaction (call it outside any). An event with an attempt on the channel
     * already, or about an entry the tenant does not have, is skipped. Returns each one's
     * outcome by its id.
     */
    deliverFirsts(
      tenantId: string,
      deliveries: readonly LocalFirst[],
    ): Promise<Map<string, LocalFirstOutcome>>;
    /** Writes each message under the id its delivery record names (all in one statement). */
    write(
      trx: Tx,
      messages: readonly { message: OutgoingNotification; id: string }[],
    ): Promise<void>;
    afterCommit(message: OutgoingNotification): Promise<void>;
  };
}

/** A first attempt on a local channel: the message, its id, and what its record says. */
export interface LocalFirst {
  message: OutgoingNotification;
  id: string;
  attempt: {
    eventId: string;
    entryId: string;
    channel: ChannelName;
    topic: string;
    message: string;
  };
}

/** `written`; `attempted`: the event has an attempt already; `not_found`: no such entry. */
export type LocalFirstOutcome = "written" | "attempted" | "not_found";

/** A refusal that retrying cannot fix (the provider said the address is wrong or gone). */
export class PermanentChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentChannelError";
  }
}
