import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { unreadChatsByEntry } from "../chat/unread.ts";
import { type EntryRow, listLiveEntries } from "./entry_repo.ts";
import { type CommittedChange, entriesAfterChange } from "./queue_model.ts";
import { findQueue } from "./queue_repo.ts";
import { listServiceTypes } from "./service_type_repo.ts";
import type { BoardEntry, BoardSnapshot, RecentEntry } from "./snapshot.ts";
import { listRecentlyFinished } from "./undo_repo.ts";
import { UNDO_WINDOW_SECONDS } from "./undo.ts";

/**
 * What the staff board of a queue is made from: its live entries (waiting in line order, then
 * called), the names of its service types, unread chat counts, and the parties finished within
 * the undo window, each with the moment its undo closes (so a board made later counts down
 * from then, not from when this was read).
 */
export interface BoardState {
  queueId: string;
  queueName: string;
  entries: readonly EntryRow[];
  typeNames: ReadonlyMap<string, string>;
  unread: ReadonlyMap<string, number>;
  recent: ReadonlyArray<Omit<RecentEntry, "undoSecondsLeft"> & { undoUntil: number }>;
}

/** Reads a queue's board state in one transaction; null when the queue does not exist. */
export function loadBoardState(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
): Promise<BoardState | null> {
  return withTenant(db, tenantId, async (trx) => {
    const queue = await findQueue(trx, queueId);
    if (!queue) return null;
    const entries = await listLiveEntries(trx, queueId);
    const typeNames = new Map((await listServiceTypes(trx, queueId)).map((t) => [t.id, t.name]));
    const unread = await unreadChatsByEntry(trx, queueId);
    // The undo windows close as the server counts them, from inside this transaction.
    const now = Date.now();
    const finished = await listRecentlyFinished(trx, queueId, UNDO_WINDOW_SECONDS);
    const recent = finished.map(({ secondsAgo, ...r }) => ({
      ...r,
      undoUntil: now + Math.max(0, UNDO_WINDOW_SECONDS - secondsAgo) * 1000,
    }));
    return { queueId, queueName: queue.name, entries, typeNames, unread, recent };
  });
}

/** The staff board's view of a queue (spec: every live party with contact details). */
export async function loadBoardSnapshot(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
): Promise<BoardSnapshot | null> {
  const state = await loadBoardState(db, tenantId, queueId);
  return state && boardSnapshotOf(state);
}

/** The board as of `now`: places numbered, undo windows counted down (closed ones left out). */
export function boardSnapshotOf(state: BoardState, now = Date.now()): BoardSnapshot {
  const view = (status: "waiting" | "called") =>
    state.entries.filter((e) => e.status === status).map((e, i): BoardEntry => ({
      id: e.id,
      ticketNumber: e.ticketNumber,
      customerName: e.customerName,
      customerPhone: e.customerPhone,
      partySize: e.partySize,
      notes: e.notes,
      verificationCode: e.verificationCode,
      serviceTypeName: e.serviceTypeId ? state.typeNames.get(e.serviceTypeId) ?? null : null,
      confirmedAt: e.confirmedAt ? new Date(e.confirmedAt).toISOString() : null,
      status,
      position: status === "waiting" ? i + 1 : null,
      joinedAt: new Date(e.joinedAt).toISOString(),
      calledAt: e.calledAt ? new Date(e.calledAt).toISOString() : null,
      unreadChat: state.unread.get(e.id) ?? 0,
      platform: e.platform,
    }));
  const recent: RecentEntry[] = [];
  for (const { undoUntil, ...r } of state.recent) {
    if (undoUntil > now) {
      recent.push({ ...r, undoSecondsLeft: Math.max(0, Math.floor((undoUntil - now) / 1000)) });
    }
  }
  return {
    queueId: state.queueId,
    queueName: state.queueName,
    waiting: view("waiting"),
    called: view("called"),
    recent,
  };
}

/**
 * The board state with this process's own join, call or other change of one entry in it; null
 * when the state is not the line the change was made on, or when the change ends a visit the
 * undo list must show (seated, completed), and the board must be read again.
 */
export function boardStateAfter(state: BoardState, change: CommittedChange): BoardState | null {
  if (change.entry.status === "seated" || change.entry.status === "completed") return null;
  const entries = entriesAfterChange(state.entries, change);
  return entries && { ...state, entries };
}
