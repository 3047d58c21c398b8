import type { Tx } from "../db/transaction_repo.ts";
import type { EntryRow } from "./entry_repo.ts";
import { listWaitingParties } from "./eta_repo.ts";
import { type EntryView, NO_PLACE, toEntryView } from "./entry_view.ts";
import { loadWaitEstimator } from "./estimate.ts";
import type { QueueRow } from "./queue_repo.ts";

/** An entry as its customer sees it, with its place and quoted wait when it is waiting. */
export async function describeEntry(
  trx: Tx,
  entry: EntryRow,
  queue: QueueRow,
  now = Date.now(),
): Promise<EntryView> {
  if (entry.status !== "waiting") return toEntryView(entry, queue, NO_PLACE);
  const line = await listWaitingParties(trx, entry.queueId);
  const index = line.findIndex((e) => e.id === entry.id);
  const ahead = index < 0 ? line : line.slice(0, index);
  const estimator = await loadWaitEstimator(trx, queue, now);
  return toEntryView(entry, queue, {
    ahead: ahead.length,
    estimatedWaitTime: estimator.forParty(ahead, entry),
  });
}
