import assert from "node:assert/strict";
import { addEntry, emptyFigures, type FigureEntry, mergeFigures } from "./day_figures.ts";
import { percentileMinutes, quoteAccuracyOf, totalsOf } from "./summary.ts";

const T0 = Date.parse("2026-11-19T01:00:00Z");
const min = (m: number) => new Date(T0 + m * 60_000);

function entry(over: Partial<FigureEntry>): FigureEntry {
  return {
    queueId: "q",
    status: "completed",
    platform: "web",
    joinedAt: min(0),
    calledAt: null,
    servedAt: null,
    completedAt: null,
    quotedWaitMinutes: null,
    ...over,
  };
}

Deno.test("percentileMinutes() is the nearest rank over whole minutes", () => {
  const f = emptyFigures();
  for (const w of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
    addEntry(f, entry({ calledAt: min(w) }), 9);
  }
  assert.equal(percentileMinutes(f.wait, 0.9), 9);
  assert.equal(percentileMinutes(f.wait, 0.5), 5);
  assert.equal(percentileMinutes(emptyFigures().wait, 0.9), null);
});

Deno.test("totalsOf() rates are shares of the finished; merging two halves changes nothing", () => {
  const a = emptyFigures();
  const b = emptyFigures();
  addEntry(a, entry({ calledAt: min(10), completedAt: min(20), quotedWaitMinutes: 15 }), 9);
  addEntry(a, entry({ status: "no_show", calledAt: min(30), quotedWaitMinutes: 20 }), 9);
  addEntry(b, entry({ status: "cancelled" }), 10);
  addEntry(b, entry({ status: "waiting" }), 10);
  const all = mergeFigures(mergeFigures(emptyFigures(), a), b);
  const t = totalsOf(all);
  assert.deepEqual([t.joined, t.finished, t.served, t.noShow, t.cancelled], [4, 3, 1, 1, 1]);
  assert.equal(t.completionRate, 0.3333);
  assert.equal(t.avgWaitMinutes, 20);
  assert.equal(t.avgServiceMinutes, 10);
  const q = quoteAccuracyOf(all);
  assert.equal(q.entries, 2);
  assert.equal(q.meanErrorMinutes, 2.5); // (10 − 15 + 30 − 20) / 2
  assert.equal(q.meanAbsErrorMinutes, 7.5);
  assert.equal(q.underestimatedShare, 0.5);
  assert.deepEqual(all.hourly.slice(9, 11), [2, 2]);
});
