import assert from "node:assert/strict";
import type { WaitEstimator } from "./estimate.ts";
import { buildQueueModel, withCommittedChange } from "./queue_model.ts";
import { sampleEntry, sampleQueue } from "../../tests/helpers/queue_rows.ts";

/** Five minutes a party, as a queue without history quotes. */
const estimator: WaitEstimator = {
  forParty: (ahead) => ahead.length * 5,
  forLine: (line) => line.map((_, i) => i * 5),
};

const queue = sampleQueue;
const entry = sampleEntry;

const calledAt = new Date(2026, 10, 30, 19, 0);
const line = () => buildQueueModel(queue, [entry(2), entry(3), entry(4)], estimator);

Deno.test("a join is added behind the line it was made behind, and only then", () => {
  const joined = entry(5, { sortRank: 4 * 1024 + 1024 });
  const next = withCommittedChange(line(), {
    kind: "joined",
    entry: joined,
    liveBefore: 3,
    rankStep: 1024,
  });
  assert.deepEqual(next?.snapshot.waiting.map((w) => [w.id, w.position, w.estimatedWaitTime]), [
    ["e2", 1, 0],
    ["e3", 2, 5],
    ["e4", 3, 10],
    ["e5", 4, 15],
  ]);
  assert.equal(next?.views.get("s5")?.view.position, 4);
  const fresh = buildQueueModel(queue, [entry(2), entry(3), entry(4), joined], estimator);
  assert.deepEqual(next?.snapshot, fresh.snapshot);
  // Another join came between (four live when it joined), or the ranks differ: load instead.
  const behind = { kind: "joined", entry: joined, liveBefore: 4, rankStep: 1024 } as const;
  assert.equal(withCommittedChange(line(), behind), null);
  const ranked = { ...behind, liveBefore: 3, entry: { ...joined, sortRank: 9999 } };
  assert.equal(withCommittedChange(line(), ranked), null);
});

Deno.test("a join at the end of the line gives what a fresh build of that line gives", () => {
  // Quotes that rest on the parties ahead and their sizes, as the learned model's do.
  const bySize: WaitEstimator = {
    forParty: (ahead) => ahead.reduce((sum, p) => sum + p.partySize * 3, 0),
    forLine(parties) {
      let sum = 0;
      return parties.map((p) => {
        const quote = sum;
        sum += p.partySize * 3;
        return quote;
      });
    },
  };
  const big = entry(2, { partySize: 4 });
  const called = entry(1, { status: "called", calledAt });
  const model = buildQueueModel(queue, [big, entry(3), called], bySize);
  const joined = entry(5, { sortRank: 4 * 1024, partySize: 6 });
  const next = withCommittedChange(model, {
    kind: "joined",
    entry: joined,
    liveBefore: 3,
    rankStep: 1024,
  })!;
  const fresh = buildQueueModel(queue, [big, entry(3), joined, called], bySize);
  assert.deepEqual(next.snapshot, fresh.snapshot);
  assert.deepEqual(next.entries.map((e) => e.id), ["e2", "e3", "e5", "e1"]);
  const viewsOf = (m: typeof next) =>
    Object.fromEntries([...m.views].map(([sessionId, live]) => [sessionId, live.view]));
  assert.deepEqual(viewsOf(next), viewsOf(fresh));
  assert.equal(next.views.get("s5")?.view.estimatedWaitTime, (4 + 2) * 3);
  assert.equal(next.views.get("s2"), model.views.get("s2"), "the others' views are kept");
  assert.equal(model.views.has("s5"), false, "the model it was applied to is unchanged");
});

Deno.test("a call moves the head of the line to the called, and only the head it knows", () => {
  const head = entry(2, { status: "called", calledAt, version: 2 });
  const next = withCommittedChange(line(), { kind: "called", entry: head });
  assert.deepEqual(next?.snapshot, {
    queueId: "q1",
    waiting: [
      { id: "e3", position: 1, estimatedWaitTime: 0 },
      { id: "e4", position: 2, estimatedWaitTime: 5 },
    ],
    called: ["e2"],
  });
  assert.equal(next?.views.get("s2")?.view.status, "called");
  assert.equal(next?.views.get("s2")?.view.position, null);
  assert.equal(next?.views.get("s4")?.view.position, 2);

  // Not the model's head (someone else called it meanwhile), or not the version after the one
  // known (it changed meanwhile): load instead.
  const second = entry(3, { status: "called", calledAt, version: 2 });
  assert.equal(withCommittedChange(line(), { kind: "called", entry: second }), null);
  const skipped = { ...head, version: 3 };
  assert.equal(withCommittedChange(line(), { kind: "called", entry: skipped }), null);

  // Among the called, by rank: one called earlier with a higher rank (requeued) comes after.
  const requeued = entry(9, { status: "called", calledAt: new Date(2026, 10, 30, 18, 30) });
  const model = buildQueueModel(queue, [entry(2), entry(3), requeued], estimator);
  const both = withCommittedChange(model, { kind: "called", entry: head });
  assert.deepEqual(both?.snapshot.called, ["e2", "e9"]);
});

Deno.test("a staff action on one entry moves it or takes it out, when the model knows its version", () => {
  const called = entry(2, { status: "called", calledAt, version: 2 });
  const model = buildQueueModel(queue, [entry(3), entry(4), entry(5), called], estimator);

  // Seated: out of the model.
  const seated = withCommittedChange(model, {
    kind: "entry",
    entry: { ...called, status: "seated", version: 3 },
  });
  assert.deepEqual(seated?.snapshot.called, []);
  assert.equal(seated?.views.has("s2"), false);

  // A waiting party cancelled: the ones behind move up.
  const cancelled = withCommittedChange(model, {
    kind: "entry",
    entry: entry(3, { status: "cancelled", version: 2 }),
  });
  assert.deepEqual(cancelled?.snapshot.waiting.map((w) => [w.id, w.position]), [
    ["e4", 1],
    ["e5", 2],
  ]);
  assert.equal(cancelled?.views.get("s5")?.view.estimatedWaitTime, 5);

  // Requeued: waiting again at its rank, ahead of the ones who joined after it.
  const requeued = withCommittedChange(model, {
    kind: "entry",
    entry: { ...called, status: "waiting", calledAt: null, version: 3 },
  });
  assert.deepEqual(requeued?.snapshot.waiting.map((w) => w.id), ["e2", "e3", "e4", "e5"]);
  assert.deepEqual(requeued?.snapshot.called, []);
  assert.equal(requeued?.views.get("s2")?.view.position, 1);

  // A version the model did not hold before (a change it was not told of yet), or an entry it
  // does not hold: load instead.
  const stale = { kind: "entry", entry: { ...called, status: "seated", version: 4 } } as const;
  assert.equal(withCommittedChange(model, stale), null);
  const unknown = { kind: "entry", entry: entry(8, { status: "cancelled", version: 2 }) } as const;
  assert.equal(withCommittedChange(model, unknown), null);
});

Deno.test("a called party's confirmation shows in its view, which is made again from the new row", () => {
  const called = entry(2, { status: "called", calledAt, version: 2 });
  const model = buildQueueModel(queue, [entry(3), called], estimator);
  const confirmedAt = new Date(2026, 10, 30, 19, 2);
  const next = withCommittedChange(model, {
    kind: "entry",
    entry: { ...called, confirmedAt, version: 3 },
  });
  assert.equal(next?.views.get("s2")?.view.confirmedAt, confirmedAt.toISOString());
  assert.equal(next?.views.get("s3"), model.views.get("s3"), "the others' views are kept");
});
