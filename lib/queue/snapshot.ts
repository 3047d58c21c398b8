import type { Kysely } from "kysely";
import type { Database, EntryStatus, Platform } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { loadWaitEstimator, type Party, type WaitEstimator } from "./estimate.ts";
import { listLiveParties } from "./eta_repo.ts";
import { findQueue } from "./queue_repo.ts";

/**
 * What every customer of a queue may see at once: places and estimates by entry id, no names.
 * One snapshot is computed per change and sent to all of that queue's customers.
 */
export interface PublicQueueSnapshot {
  queueId: string;
  waiting: Array<{ id: string; position: number; estimatedWaitTime: number }>;
  called: string[];
}

export interface BoardEntry {
  id: string;
  ticketNumber: string;
  customerName: string;
  customerPhone: string;
  partySize: number;
  notes: string | null;
  /** The code the customer was shown at join; staff check it at the door. */
  verificationCode: string | null;
  /** The service type chosen at join (e.g. "Takeaway"), if the queue has types. */
  serviceTypeName: string | null;
  /** When a called customer said they are on their way. */
  confirmedAt: string | null;
  status: "waiting" | "called";
  position: number | null;
  joinedAt: string;
  calledAt: string | null;
  /** Chat messages from the customer that no staff member has opened yet. */
  unreadChat: number;
  /** How the party joined: a WhatsApp or SMS party is chatted with on that channel. */
  platform: Platform;
}

/** A party seated or completed moments ago, which staff can still take back. */
export interface RecentEntry {
  id: string;
  ticketNumber: string;
  customerName: string;
  partySize: number;
  status: "seated" | "completed";
  /** Seconds the undo is still open for, by the server's clock when the snapshot was read. */
  undoSecondsLeft: number;
}

/** The staff board's view of a queue: every live party with contact details. */
export interface BoardSnapshot {
  queueId: string;
  queueName: string;
  waiting: BoardEntry[];
  called: BoardEntry[];
  /** Seated or completed within the undo window, newest first. */
  recent: RecentEntry[];
}

/** A live entry as the customers' snapshot needs it. */
export interface LiveParty extends Party {
  id: string;
  status: EntryStatus;
}

/**
 * The customers' snapshot from a queue's live entries (waiting in line order, then called) and
 * its estimator: every place and quote in one pass over the line.
 */
export function toPublicSnapshot(
  queueId: string,
  entries: readonly LiveParty[],
  estimator: WaitEstimator | null,
): PublicQueueSnapshot {
  const line = entries.filter((e) => e.status === "waiting");
  const quotes = estimator ? estimator.forLine(line) : [];
  const waiting = line.map((e, i) => ({
    id: e.id,
    position: i + 1,
    estimatedWaitTime: quotes[i] ?? 0,
  }));
  const called = entries.filter((e) => e.status === "called").map((e) => e.id);
  return { queueId, waiting, called };
}

export function loadPublicSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
): Promise<PublicQueueSnapshot> {
  return withTenant(db, tenantId, async (trx) => {
    const queue = await findQueue(trx, queueId);
    if (!queue) return { queueId, waiting: [], called: [] };
    const entries = await listLiveParties(trx, queueId);
    return toPublicSnapshot(queueId, entries, await loadWaitEstimator(trx, queue));
  });
}
