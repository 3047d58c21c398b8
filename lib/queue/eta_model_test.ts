import assert from "node:assert/strict";
import { buildEtaModel, type CallRecord, estimateWaitMinutes } from "./eta_model.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Midnight UTC (local time for the tests without an offset) of the day the models are built. */
const TODAY = Date.UTC(2025, 2, 10);

interface Session {
  /** Local hour the queue opens; the first call comes one interval later. */
  open: number;
  close: number;
  /** Minutes from one call to the next; a list is cycled through. */
  every: number | number[];
  /** Minutes each party waited, at most: nobody joins before opening. Default 30. */
  wait?: number;
  /** Party sizes of the calls, cycled through. Default all 2. */
  sizes?: number[];
}

/** The calls of the given sessions on each of the `days` days (default 7) before `TODAY`. */
function calls(sessions: Session[], options: { days?: number; offsetMinutes?: number } = {}) {
  const history: CallRecord[] = [];
  for (let d = options.days ?? 7; d >= 1; d--) {
    for (const s of sessions) {
      const open = TODAY - d * DAY + s.open * HOUR - (options.offsetMinutes ?? 0) * MINUTE;
      const close = open + (s.close - s.open) * HOUR;
      const gaps = [s.every].flat();
      const sizes = s.sizes ?? [2];
      let t = open;
      for (let i = 0; (t += gaps[i % gaps.length]! * MINUTE) <= close; i++) {
        const joinedAt = Math.max(open, t - (s.wait ?? 30) * MINUTE);
        history.push({ joinedAt, calledAt: t, partySize: sizes[i % sizes.length]! });
      }
    }
  }
  return history;
}

function parties(...sizes: number[]) {
  return sizes.map((partySize) => ({ partySize }));
}

const at = (hour: number, minute = 0) => TODAY + hour * HOUR + minute * MINUTE;

Deno.test("estimateWaitMinutes() quotes averageServiceTime per party ahead without history", () => {
  const empty = buildEtaModel([], { now: TODAY, fallbackMinutes: 15 });
  assert.equal(empty.source, "fallback");
  assert.equal(estimateWaitMinutes(empty, parties(2, 2, 4), 2, at(12)), 45);

  const few = buildEtaModel(calls([{ open: 12, close: 13, every: 10 }], { days: 1 }), {
    now: TODAY,
    fallbackMinutes: 15,
  });
  assert.equal(few.source, "fallback");
  assert.equal(estimateWaitMinutes(few, parties(2, 2, 4), 2, at(12)), 45);
});

Deno.test("estimateWaitMinutes() is 0 with nobody ahead", () => {
  const model = buildEtaModel(calls([{ open: 11, close: 21, every: 5 }]), {
    now: TODAY,
    fallbackMinutes: 15,
  });
  assert.equal(model.source, "history");
  assert.equal(estimateWaitMinutes(model, [], 2, at(12)), 0);
  assert.equal(estimateWaitMinutes(model, [], 8, at(19)), 0);
});

Deno.test("estimateWaitMinutes() learns the queue's pace instead of the setting", () => {
  const model = buildEtaModel(calls([{ open: 11, close: 21, every: 5 }]), {
    now: TODAY,
    fallbackMinutes: 15,
  });
  // Four calls for the parties in front, then this party's own: 5 × 5 minutes, not 4 × 15.
  assert.equal(estimateWaitMinutes(model, parties(2, 2, 2, 2), 2, at(12)), 25);
});

Deno.test("estimateWaitMinutes() does not count time the queue stood empty", () => {
  // A call every 30 minutes, but each party joined only 5 minutes before it: 25 idle minutes.
  const model = buildEtaModel(calls([{ open: 11, close: 21, every: 30, wait: 5 }]), {
    now: TODAY,
    fallbackMinutes: 15,
  });
  assert.equal(estimateWaitMinutes(model, parties(2, 2, 2, 2), 2, at(12)), 25);
});

Deno.test("estimateWaitMinutes() quotes longer for big parties when history shows it", () => {
  // Each hour: ten pairs called 4 minutes apart, then a party of 8 that took 20 minutes more.
  const every = [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 20];
  const sizes = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 8];
  const history = calls([{ open: 11, close: 21, every, wait: 60, sizes }]);
  const model = buildEtaModel(history, { now: TODAY, fallbackMinutes: 15 });
  // Pairs are called every 6 minutes on average, the hold-up for the 8 included.
  const pair = estimateWaitMinutes(model, parties(2, 2), 2, at(12));
  assert.ok(pair >= 18 && pair <= 21, `pair behind two pairs: ${pair}`);
  // A table for 8 comes free once an hour.
  const eight = estimateWaitMinutes(model, parties(2, 2), 8, at(12));
  assert.ok(eight >= 50 && eight <= 66, `eight behind two pairs: ${eight}`);
  // A party of 8 in front holds the line up longer than a pair: 20 + 4 + 4 minutes.
  const behindEight = estimateWaitMinutes(model, parties(8, 2), 2, at(12));
  assert.ok(behindEight >= 28 && behindEight <= 31, `pair behind an eight: ${behindEight}`);
});

Deno.test("estimateWaitMinutes() follows the pace of the local hour", () => {
  const offsetMinutes = 480;
  const history = calls([
    { open: 12, close: 14, every: 3 },
    { open: 15, close: 18, every: 10 },
  ], { offsetMinutes });
  const model = buildEtaModel(history, {
    now: TODAY - offsetMinutes * MINUTE,
    fallbackMinutes: 15,
    timeZoneOffsetMinutes: offsetMinutes,
  });
  const local = (hour: number, minute = 0) => at(hour, minute) - offsetMinutes * MINUTE;
  const lunch = estimateWaitMinutes(model, parties(2, 2, 2), 2, local(12, 30));
  const afternoon = estimateWaitMinutes(model, parties(2, 2, 2), 2, local(15, 30));
  assert.ok(lunch >= 12 && lunch <= 15, `lunch: ${lunch}`);
  assert.ok(afternoon >= 40 && afternoon <= 46, `afternoon: ${afternoon}`);
  // Cells are `bucket * 24 + local hour`: the calls sit at 12:00–18:00, not at 4:00–10:00 UTC.
  assert.ok(model.call.counts[12]! > 0 && model.call.counts[16]! > 0);
  assert.equal(model.call.counts[4], 0);
  assert.equal(model.call.counts[8], 0);
});

Deno.test("estimateWaitMinutes() is not thrown by three hours with nobody called", () => {
  const clean = calls([{ open: 11, close: 21, every: 5 }], { days: 3 });
  // Yesterday, staff forgot to press the button from 12:00: every later call came 3 hours late.
  const forgot = clean.map((c) =>
    c.calledAt > at(12) - DAY && c.calledAt < at(22) - DAY
      ? { ...c, calledAt: c.calledAt + 3 * HOUR }
      : c
  );
  const ahead = parties(2, 2, 2, 2);
  const options = { now: TODAY, fallbackMinutes: 15 };
  assert.equal(estimateWaitMinutes(buildEtaModel(clean, options), ahead, 2, at(15)), 25);
  const quote = estimateWaitMinutes(buildEtaModel(forgot, options), ahead, 2, at(15));
  // Averaged in as it is, the 185-minute interval would push the quote past 50.
  assert.ok(quote >= 25 && quote <= 32, `with the gap: ${quote}`);
});

Deno.test("estimateWaitMinutes() never quotes less for a longer line", () => {
  const sizes = [2, 2, 4, 1, 2, 6, 3, 2, 8, 2, 5, 2];
  const history = calls([
    { open: 11, close: 14, every: [3, 4, 2, 6, 3, 15], sizes },
    { open: 17, close: 22, every: [4, 2, 5, 9, 3, 20, 2], sizes },
  ]);
  const model = buildEtaModel(history, { now: TODAY, fallbackMinutes: 15 });
  const line = Array.from(
    { length: 200 },
    (_, i) => ({ partySize: sizes[(i * 7) % sizes.length]! }),
  );
  for (const now of [at(11), at(13, 40), at(20, 50)]) {
    for (const own of [1, 2, 4, 6, 8]) {
      let previous = 0;
      for (let k = 0; k <= line.length; k++) {
        const quote = estimateWaitMinutes(model, line.slice(0, k), own, now);
        assert.ok(quote >= previous, `size ${own}, ${k} ahead: ${quote} < ${previous}`);
        previous = quote;
      }
    }
  }
});

Deno.test("buildEtaModel() forgets calls older than two weeks", () => {
  const old = calls([{ open: 11, close: 21, every: 5 }]).map((c) => ({
    ...c,
    joinedAt: c.joinedAt - 14 * DAY,
    calledAt: c.calledAt - 14 * DAY,
  }));
  const model = buildEtaModel(old, { now: TODAY, fallbackMinutes: 15 });
  assert.equal(model.source, "fallback");
  assert.equal(estimateWaitMinutes(model, parties(2, 2), 2, at(12)), 30);
});
