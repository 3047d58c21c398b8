import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { type EntryRow, listLiveEntries } from "./entry_repo.ts";
import { type EntryView, NO_PLACE, toEntryView } from "./entry_view.ts";
import { loadWaitEstimator, type WaitEstimator } from "./estimate.ts";
import { findQueue, type QueueRow } from "./queue_repo.ts";
import type { PublicQueueSnapshot } from "./snapshot.ts";
import { type SharedText, sharedText } from "../shared_text.ts";

/** A live entry as its customer sees it, and its `{"entry":…}` JSON, encoded on first use. */
export interface LiveView {
  view: EntryView;
  /** Its status API body, made on first read (see `entryJson`). */
  json: SharedText | null;
  /** The row the view was made from (a model built from the same row may keep the view). */
  row: EntryRow;
}

/**
 * What the customers of one queue read, computed once per change from one transaction: the
 * queue's settings, every live entry's own view (place and quote) by session id, and the public
 * snapshot the queue's status pages stream. Only waiting and called entries are in it.
 */
export interface QueueModel {
  queueId: string;
  /** Null when the queue does not exist (or was deleted) for this tenant. */
  queue: QueueRow | null;
  views: Map<string, LiveView>;
  snapshot: PublicQueueSnapshot;
  /** The live entries it was built from: waiting in line order, then called (by rank). */
  entries: readonly EntryRow[];
  /** The quotes' estimator, as loaded with the entries (null for a missing queue). */
  estimator: WaitEstimator | null;
}

/**
 * A change of a queue's line this process committed, as its command knows it: the read model
 * applies it in memory instead of reading the line again (`withCommittedChange`).
 */
export type CommittedChange = CommittedJoin | CommittedCall | CommittedEntryChange;

/** A join, with the line as `join_queue_entry` saw it under the lock. */
export interface CommittedJoin {
  kind: "joined";
  entry: EntryRow;
  /** Waiting and called entries before the join. */
  liveBefore: number;
  /** The rank step the join added to the highest live rank (the entry's rank is that sum). */
  rankStep: number;
}

/** The head of the line called: the entry as the call left it (status called, version + 1). */
export interface CommittedCall {
  kind: "called";
  entry: EntryRow;
}

/** One entry changed by staff (call, seat, complete, cancel, no-show, requeue) or by its customer
 * (cancel, confirm): the row after. */
export interface CommittedEntryChange {
  kind: "entry";
  entry: EntryRow;
}

/** Reads a queue's model: the queue, its live entries and its estimator (four small queries). */
export function loadQueueModel(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  now = Date.now(),
): Promise<QueueModel> {
  return withTenant(db, tenantId, async (trx) => {
    const queue = await findQueue(trx, queueId);
    if (!queue) return emptyModel(queueId);
    const entries = await listLiveEntries(trx, queueId);
    const estimator = await loadWaitEstimator(trx, queue, now);
    return buildQueueModel(queue, entries, estimator);
  });
}

/**
 * The model of `entries` (waiting in line order, then called). `reuse` is the model the change was
 * applied to: its views of the same row objects at the same place are kept, with their JSON.
 */
export function buildQueueModel(
  queue: QueueRow,
  entries: readonly EntryRow[],
  estimator: WaitEstimator,
  reuse?: QueueModel,
): QueueModel {
  const line = entries.filter((e) => e.status === "waiting");
  const quotes = estimator.forLine(line);
  const views = new Map<string, LiveView>();
  const waiting: PublicQueueSnapshot["waiting"] = [];
  line.forEach((e, i) => {
    const estimatedWaitTime = quotes[i] ?? 0;
    const old = reuse?.views.get(e.sessionId);
    const same = old?.row === e && old.view.position === i + 1 &&
      old.view.estimatedWaitTime === estimatedWaitTime;
    views.set(
      e.sessionId,
      same
        ? old
        : { view: toEntryView(e, queue, { ahead: i, estimatedWaitTime }), json: null, row: e },
    );
    waiting.push({ id: e.id, position: i + 1, estimatedWaitTime });
  });
  const called: string[] = [];
  for (const e of entries) {
    if (e.status !== "called") continue;
    const old = reuse?.views.get(e.sessionId);
    views.set(
      e.sessionId,
      old?.row === e ? old : { view: toEntryView(e, queue, NO_PLACE), json: null, row: e },
    );
    called.push(e.id);
  }
  return {
    queueId: queue.id,
    queue,
    views,
    snapshot: { queueId: queue.id, waiting, called },
    entries,
    estimator,
  };
}

/**
 * The model with this process's own change in it, without reading the line again; null when
 * the model is not the line the change was made on, and the caller must load it. A join needs
 * the model's live count and highest rank to be what the join function saw under the queue's
 * lock; a change of one entry needs the model to hold it at the version before.
 *
 * That check catches the changes that matter most (another join, a party leaving) but not all
 * (a call elsewhere leaves both the same): the result is the model's state plus the join, and
 * may lack a change whose event has not reached this process yet, as any read may until that
 * event arrives and marks the model stale. It never lacks the join itself.
 */
export function withCommittedChange(model: QueueModel, change: CommittedChange): QueueModel | null {
  const { queue, estimator } = model;
  if (!queue || !estimator) return null;
  const entries = entriesAfterChange(model.entries, change);
  return entries && buildQueueModel(queue, entries, estimator, model);
}

/**
 * A queue's live entries (waiting in line order, then called) with this process's own change
 * in them, or null when they are not the line the change was made on (see
 * `withCommittedChange`): the read models of customers and of the staff board apply the same.
 */
export function entriesAfterChange(
  entries: readonly EntryRow[],
  change: CommittedChange,
): EntryRow[] | null {
  switch (change.kind) {
    case "joined":
      return entriesAfterJoin(entries, change);
    case "called":
      return entries[0]?.id === change.entry.id ? entriesAfterEntry(entries, change.entry) : null;
    case "entry":
      return entriesAfterEntry(entries, change.entry);
  }
}

function entriesAfterJoin(entries: readonly EntryRow[], join: CommittedJoin): EntryRow[] | null {
  if (entries.length !== join.liveBefore) return null;
  let maxRank = entries.length > 0 ? -Infinity : 0;
  let waiting = 0;
  for (const e of entries) {
    if (e.sortRank > maxRank) maxRank = e.sortRank;
    if (e.status === "waiting") waiting++;
  }
  // The same float8 sum the join function made, so equal ranks compare equal.
  if (maxRank + join.rankStep !== join.entry.sortRank) return null;
  return [...entries.slice(0, waiting), join.entry, ...entries.slice(waiting)];
}

/**
 * The entries with one changed as `after` shows it: moved in the line, or gone once it is no
 * longer waiting or called. Null unless they hold the entry at the version before
 * (`after.version - 1`): then they are what the change was made on, as far as that entry tells
 * (a call-next also needs it to be the head).
 */
function entriesAfterEntry(entries: readonly EntryRow[], after: EntryRow): EntryRow[] | null {
  const at = entries.findIndex((e) => e.id === after.id);
  const before = entries[at];
  if (!before || before.version + 1 !== after.version) return null;
  const rest = [...entries.slice(0, at), ...entries.slice(at + 1)];
  if (after.status === "waiting" || after.status === "called") {
    let to = rest.findIndex((e) => comesAfter(e, after));
    if (to < 0) to = rest.length;
    rest.splice(to, 0, after);
  }
  return rest;
}

/** Whether `e` sorts after `x` in listLiveEntries' order: waiting first, then rank, call time. */
function comesAfter(e: EntryRow, x: EntryRow): boolean {
  const eWaits = e.status === "waiting";
  if (eWaits !== (x.status === "waiting")) return !eWaits;
  if (e.sortRank !== x.sortRank) return e.sortRank > x.sortRank;
  return (e.calledAt?.getTime() ?? 0) > (x.calledAt?.getTime() ?? 0);
}

function emptyModel(queueId: string): QueueModel {
  return {
    queueId,
    queue: null,
    views: new Map(),
    snapshot: { queueId, waiting: [], called: [] },
    entries: [],
    estimator: null,
  };
}

/** The status API's body for a live entry, encoded once per change however often it is read. */
export function entryJson(live: LiveView): SharedText {
  live.json ??= sharedText(JSON.stringify({ entry: live.view }));
  return live.json;
}
