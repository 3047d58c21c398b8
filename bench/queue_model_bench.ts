/**
 * `deno task bench:model`: what a join costs the customers' read model of its queue
 * (`withCommittedChange`: the line's model made again, every other party's view checked and
 * kept), for lines of 100, 1,000 and 10,000 waiting parties, beside building the same model from
 * scratch (what a read after another process's change does). Pure computation, no database.
 */
import type { EntryRow } from "../lib/queue/entry_repo.ts";
import { makeWaitEstimator } from "../lib/queue/estimate.ts";
import { buildEtaModel } from "../lib/queue/eta_model.ts";
import { buildQueueModel, type QueueModel, withCommittedChange } from "../lib/queue/queue_model.ts";
import { sampleEntry, sampleQueue } from "../tests/helpers/queue_rows.ts";

const queue = { ...sampleQueue, maxCapacity: 100_000 };

const now = Date.now();
const estimator = makeWaitEstimator(
  buildEtaModel([], { now, fallbackMinutes: 5, timeZoneOffsetMinutes: 0 }),
  { averageServiceTime: 5, typeMinutes: new Map(), now },
);

/** Party `n` (from 0), one to six people, ranked in order. */
function party(n: number): EntryRow {
  return sampleEntry(n + 1, { partySize: 1 + n % 6 });
}

for (const size of [100, 1_000, 10_000]) {
  const entries = Array.from({ length: size }, (_, n) => party(n));
  const model: QueueModel = buildQueueModel(queue, entries, estimator);
  const join = { kind: "joined", entry: party(size), liveBefore: size, rankStep: 1024 } as const;
  Deno.bench(`join applied to the model, ${size} waiting`, { group: `${size}` }, () => {
    if (!withCommittedChange(model, join)) throw new Error("the join did not apply");
  });
  Deno.bench(`model built from scratch, ${size} waiting`, {
    group: `${size}`,
    baseline: true,
  }, () => {
    buildQueueModel(queue, [...entries, join.entry], estimator);
  });
}
