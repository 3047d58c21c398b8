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
import type { QueueRow } from "../lib/queue/queue_repo.ts";

const queue: QueueRow = {
  id: "q1",
  merchantId: "m1",
  name: "Front",
  description: null,
  isActive: true,
  acceptingCustomers: true,
  maxCapacity: 100_000,
  averageServiceTime: 5,
  allowCancellation: true,
  requireConfirmation: false,
  ticketPrefix: "A",
  businessHoursStart: "00:00",
  businessHoursEnd: "24:00",
  callTimeoutMinutes: 5,
};

const now = Date.now();
const estimator = makeWaitEstimator(
  buildEtaModel([], { now, fallbackMinutes: 5, timeZoneOffsetMinutes: 0 }),
  { averageServiceTime: 5, typeMinutes: new Map(), now },
);

function party(n: number): EntryRow {
  return {
    id: `e${n}`,
    queueId: "q1",
    customerName: `Guest ${n}`,
    customerPhone: `01${String(n).padStart(8, "0")}`,
    partySize: 1 + n % 6,
    notes: null,
    status: "waiting",
    sessionId: `s${n}`,
    ticketNumber: `A${n}`,
    sortRank: (n + 1) * 1024,
    verificationCode: "1234",
    joinedAt: new Date(now - 60_000),
    calledAt: null,
    confirmedAt: null,
    serviceTypeId: null,
    version: 1,
    platform: "web",
  };
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
