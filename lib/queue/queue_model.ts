import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { listLiveEntries } from "./entry_repo.ts";
import { type EntryView, NO_PLACE, toEntryView } from "./entry_view.ts";
import { loadWaitEstimator } from "./estimate.ts";
import { findQueue, type QueueRow } from "./queue_repo.ts";
import type { PublicQueueSnapshot } from "./snapshot.ts";

/** A live entry as its customer sees it, and its `{"entry":…}` JSON, encoded on first use. */
export interface LiveView {
  view: EntryView;
  json: string | null;
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
    const line = entries.filter((e) => e.status === "waiting");
    const quotes = estimator.forLine(line);
    const views = new Map<string, LiveView>();
    const waiting: PublicQueueSnapshot["waiting"] = [];
    line.forEach((e, i) => {
      const estimatedWaitTime = quotes[i] ?? 0;
      views.set(e.sessionId, {
        view: toEntryView(e, queue, { ahead: i, estimatedWaitTime }),
        json: null,
      });
      waiting.push({ id: e.id, position: i + 1, estimatedWaitTime });
    });
    const called: string[] = [];
    for (const e of entries) {
      if (e.status !== "called") continue;
      views.set(e.sessionId, { view: toEntryView(e, queue, NO_PLACE), json: null });
      called.push(e.id);
    }
    return { queueId, queue, views, snapshot: { queueId, waiting, called } };
  });
}

function emptyModel(queueId: string): QueueModel {
  return { queueId, queue: null, views: new Map(), snapshot: { queueId, waiting: [], called: [] } };
}

/** The status API's body for a live entry, encoded once per change however often it is read. */
export function entryJson(live: LiveView): string {
  live.json ??= JSON.stringify({ entry: live.view });
  return live.json;
}
