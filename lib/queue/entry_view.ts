import type { EntryStatus } from "../db/schema.ts";
import type { EntryRow } from "./entry_repo.ts";

/** What a customer sees of their own entry (JSON API and status page). */
export interface EntryView {
  id: string;
  sessionId: string;
  queueId: string;
  queueName: string;
  ticketNumber: string;
  customerName: string;
  partySize: number;
  /** 1-based place among waiting parties; null once no longer waiting. */
  position: number | null;
  /** Minutes; 0 once no longer waiting. */
  estimatedWaitTime: number;
  status: EntryStatus;
  verificationCode: string | null;
  joinedAt: string;
  calledAt: string | null;
  /** When a called customer said they are on their way. */
  confirmedAt: string | null;
  /** What the customer may do on their own page. */
  allowCancellation: boolean;
  requireConfirmation: boolean;
}

/** Where a waiting party stands: parties ahead and the quoted wait in minutes. */
export interface EntryPlace {
  ahead: number;
  estimatedWaitTime: number;
}

export const NO_PLACE: EntryPlace = { ahead: 0, estimatedWaitTime: 0 };

export function toEntryView(
  entry: EntryRow,
  queue: {
    name: string;
    averageServiceTime: number;
    allowCancellation: boolean;
    requireConfirmation: boolean;
  },
  place: EntryPlace = NO_PLACE,
): EntryView {
  const waiting = entry.status === "waiting";
  return {
    id: entry.id,
    sessionId: entry.sessionId,
    queueId: entry.queueId,
    queueName: queue.name,
    ticketNumber: entry.ticketNumber,
    customerName: entry.customerName,
    partySize: entry.partySize,
    position: waiting ? place.ahead + 1 : null,
    estimatedWaitTime: waiting ? place.estimatedWaitTime : 0,
    status: entry.status,
    verificationCode: entry.verificationCode,
    joinedAt: new Date(entry.joinedAt).toISOString(),
    calledAt: entry.calledAt ? new Date(entry.calledAt).toISOString() : null,
    confirmedAt: entry.confirmedAt ? new Date(entry.confirmedAt).toISOString() : null,
    allowCancellation: queue.allowCancellation,
    requireConfirmation: queue.requireConfirmation,
  };
}
