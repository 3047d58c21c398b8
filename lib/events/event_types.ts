import type { CommittedChange } from "../queue/queue_model.ts";

/**
 * The domain events a command may record. An event says what happened, once, with the ids a
 * handler needs; it never carries secrets (a mail handler issues its own link when it sends).
 */
export interface EventPayloads {
  "entry.joined": { queueId: string; entryId: string };
  "entry.called": { queueId: string; entryId: string };
  "entry.seated": { queueId: string; entryId: string };
  "entry.completed": { queueId: string; entryId: string };
  "entry.cancelled": { queueId: string; entryId: string; by: "staff" | "customer" };
  "entry.no_show": { queueId: string; entryId: string; by: "staff" | "system" };
  "entry.requeued": { queueId: string; entryId: string };
  /** Staff took back a seat or a completion within its minute (lib/queue/undo.ts). */
  "entry.restored": {
    queueId: string;
    entryId: string;
    from: "seated" | "completed";
    to: "called" | "seated";
  };
  "entry.reordered": { queueId: string; entryId: string };
  "entry.confirmed": { queueId: string; entryId: string };
  /** The customer's data was erased (lib/privacy/): their old links must stop answering. */
  "entry.erased": { queueId: string; entryId: string };
  /** The party now has `ahead` parties before it (the queue's "almost your turn" count). */
  "entry.almost_turn": { queueId: string; entryId: string; ahead: number };
  /** Still waiting: the queue's periodic reminder (autoNotifications, notificationInterval). */
  "entry.reminder": { queueId: string; entryId: string };
  /** Staff asked to send the entry's last message again, on that channel. */
  "notification.resend": {
    queueId: string;
    entryId: string;
    topic: "joined" | "reminder" | "almost" | "called" | "requeued" | "no_show" | "cancelled";
    channel: "webchat" | "sms" | "whatsapp" | "email" | "push";
  };
  "queue.changed": {
    queueId: string;
    change: "created" | "updated" | "toggled" | "deleted" | "service_types";
  };
  /**
   * A web chat message was written on an entry. Staff messages (sender STAFF) also go to the
   * customer's other channels through the notification handlers subscribed to this type.
   */
  "chat.message_sent": {
    queueId: string;
    entryId: string;
    messageId: string;
    sender: "CUSTOMER" | "STAFF" | "SYSTEM";
  };
  /** One side saw the other's messages (read receipts, the board's unread counts). */
  "chat.read": { queueId: string; entryId: string; reader: "CUSTOMER" | "STAFF" };
  /** `origin` is the tenant's address the link goes to; the handler reads the mail address. */
  "user.invited": { userId: string; tenantName: string; origin: string };
  "password.reset_requested": { userId: string; tenantName: string; origin: string };
  /** A customer's WhatsApp or SMS message was stored (once per provider message id). */
  "conversation.received": { messageId: string };
  /** A reply to a WhatsApp or SMS customer was written: the reply handler sends it once. */
  "conversation.reply": { messageId: string };
  /** A back-office admin was invited (no tenant); `origin` is the admin host's address. */
  "backoffice_user.invited": { userId: string; origin: string };
}

export type EventType = keyof EventPayloads;

export interface DomainEvent<T extends EventType = EventType> {
  /** Unique per event: handlers use it to deliver once. */
  id: string;
  type: T;
  tenantId: string | null;
  payload: EventPayloads[T];
  /**
   * On a join or a call this process committed (never stored, never on the wire): the change as
   * its command knows it, so this process's read model applies it without reading the line.
   */
  committed?: CommittedChange;
}

/** A new event of one tenant (or of the platform, with `tenantId` null). */
export function newEvent<T extends EventType>(
  type: T,
  tenantId: string | null,
  payload: EventPayloads[T],
): DomainEvent<T> {
  return { id: crypto.randomUUID(), type, tenantId, payload };
}

/** The queue an event changed, if any: its open pages re-read. */
export function queueOf(event: DomainEvent): string | null {
  const payload = event.payload as { queueId?: unknown };
  return typeof payload.queueId === "string" ? payload.queueId : null;
}
