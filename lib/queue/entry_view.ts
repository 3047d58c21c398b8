import type { EntryStatus } from "../db/schema.ts";
import type { EntryRow } from "./entry_repo.ts";
import { estimateWaitMinutes } from "./estimate.ts";

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

export function toEntryView(
  entry: EntryRow,
  queue: {
    name: string;
    averageServiceTime: number;
    allowCancellation: boolean;
    requireConfirmation: boolean;
  },
  partiesAhead: number,
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
    position: waiting ? partiesAhead + 1 : null,
    estimatedWaitTime: waiting ? estimateWaitMinutes(partiesAhead, queue.averageServiceTime) : 0,
    status: entry.status,
    verificationCode: entry.verificationCode,
    joinedAt: new Date(entry.joinedAt).toISOString(),
    calledAt: entry.calledAt ? new Date(entry.calledAt).toISOString() : null,
    confirmedAt: entry.confirmedAt ? new Date(entry.confirmedAt).toISOString() : null,
    allowCancellation: queue.allowCancellation,
    requireConfirmation: queue.requireConfirmation,
  };
}

export function formatTicket(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(3, "0")}`;
}
