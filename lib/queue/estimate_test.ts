import assert from "node:assert/strict";
import { quadraticLineQuotes } from "../../tests/helpers/quadratic_estimate.ts";
import { buildEtaModel, type CallRecord } from "./eta_model.ts";
import { makeWaitEstimator, type Party } from "./estimate.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TODAY = Date.UTC(2025, 2, 10);

/** A small seeded generator (mulberry32): the same lines on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A week of calls at an uneven pace, parties of every size, busier at lunch and dinner. */
function history(rand: () => number, offsetMinutes: number): CallRecord[] {
  const calls: CallRecord[] = [];
  for (let d = 7; d >= 1; d--) {
    const open = TODAY - d * DAY + 10 * HOUR - offsetMinutes * MINUTE;
    for (let t = open; t < open + 12 * HOUR;) {
      const hour = (t - open) / HOUR;
      const rush = (hour > 1.5 && hour < 3.5) || (hour > 8 && hour < 10.5);
      t += (rush ? 1 + rand() * 5 : 4 + rand() * 16) * MINUTE;
      const partySize = 1 + Math.floor(rand() ** 2 * 10);
      calls.push({ joinedAt: t - (5 + rand() * 60) * MINUTE, calledAt: t, partySize });
    }
  }
  return calls;
}

const TYPES = ["takeaway", "dine-in", "pickup", "unknown"];

function randomLine(rand: () => number, length: number): Party[] {
  return Array.from({ length }, () => ({
    partySize: 1 + Math.floor(rand() * 12),
    serviceTypeId: rand() < 0.3 ? null : TYPES[Math.floor(rand() * TYPES.length)]!,
  }));
}

Deno.test("forLine() quotes every party as the old per-party walk did, with history", () => {
  const rand = random(7);
  let compared = 0;
  for (const offsetMinutes of [0, 480, -300]) {
    const model = buildEtaModel(history(rand, offsetMinutes), {
      now: TODAY,
      fallbackMinutes: 15,
      timeZoneOffsetMinutes: offsetMinutes,
    });
    assert.equal(model.source, "history");
    assert.ok(model.margins.some((m) => m > 0), "the replayed margins take part");
    for (let trial = 0; trial < 12; trial++) {
      const now = TODAY + Math.floor(rand() * DAY);
      const line = randomLine(rand, trial === 0 ? 0 : 1 + Math.floor(rand() * 400));
      const options = { averageServiceTime: 15, typeMinutes: new Map([["takeaway", 5]]), now };
      const estimator = makeWaitEstimator(model, options);
      const expected = quadraticLineQuotes(model, line, options);
      assert.deepEqual(estimator.forLine(line), expected);
      line.forEach((p, i) => assert.equal(estimator.forParty(line.slice(0, i), p), expected[i]));
      compared += line.length;
      if (line.length > 20) assert.ok(expected.at(-1)! > 0, "a long line has a wait at its end");
    }
  }
  assert.ok(compared > 1000, `${compared} quotes compared`);
});

Deno.test("forLine() counts each service type's own time while a queue has no history", () => {
  const rand = random(11);
  const model = buildEtaModel([], { now: TODAY, fallbackMinutes: 15 });
  assert.equal(model.source, "fallback");
  const typeMinutes = new Map([["takeaway", 5], ["dine-in", 25], ["pickup", 2.5]]);
  for (let trial = 0; trial < 20; trial++) {
    const line = randomLine(rand, trial === 0 ? 0 : 1 + Math.floor(rand() * 300));
    const options = { averageServiceTime: 15, typeMinutes, now: TODAY };
    const estimator = makeWaitEstimator(model, options);
    const expected = quadraticLineQuotes(model, line, options);
    assert.deepEqual(estimator.forLine(line), expected);
    line.forEach((p, i) => assert.equal(estimator.forParty(line.slice(0, i), p), expected[i]));
  }
  // Takeaway (5) then dine-in (25) then no type (the queue's 15), with half-minute pickups.
  const line = [
    { partySize: 2, serviceTypeId: "takeaway" },
    { partySize: 2, serviceTypeId: "pickup" },
    { partySize: 4, serviceTypeId: "dine-in" },
    { partySize: 2, serviceTypeId: null },
    { partySize: 2, serviceTypeId: "pickup" },
  ];
  const estimator = makeWaitEstimator(model, { averageServiceTime: 15, typeMinutes, now: TODAY });
  assert.deepEqual(estimator.forLine(line), [0, 5, 8, 33, 48]);
});
