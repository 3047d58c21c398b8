/**
 * The wait estimate as it was before it became one pass (main at e4c328f, lib/queue/estimate.ts
 * and eta_model.ts): each party's quote walks every party in front of it again, so a whole line
 * costs O(n²). Kept, unchanged in its arithmetic, as the reference the one-pass quotes must equal
 * (lib/queue/estimate_test.ts) and as the "quadratic (old)" row of bench/estimate_bench.ts.
 */
import type { EtaModel } from "../../lib/queue/eta_model.ts";
import type { Party } from "../../lib/queue/estimate.ts";

const BUCKETS = 4;
const HOURS = 24;
const MINUTE_MS = 60_000;

function sizeBucket(partySize: number): number {
  return Math.min(Math.max(Math.ceil(partySize / 2) - 1, 0), BUCKETS - 1);
}

function localHour(epochMs: number, offsetMinutes: number): number {
  const hour = Math.floor((epochMs / MINUTE_MS + offsetMinutes) / 60) % HOURS;
  return hour < 0 ? hour + HOURS : hour;
}

function expectedWait(
  model: EtaModel,
  ahead: ReadonlyArray<{ partySize: number }>,
  partySize: number,
  now: number,
): number {
  const own = sizeBucket(partySize);
  const hourAt = (minutes: number) =>
    localHour(now + minutes * MINUTE_MS, model.timeZoneOffsetMinutes);
  const callOf = (bucket: number, at: number) => model.call.minutes[bucket * HOURS + hourAt(at)]!;
  const tableOf = (at: number) => model.sameSize.minutes[own * HOURS + hourAt(at)]!;
  let queue = 0;
  let table = 0;
  let wait = 0;
  for (const party of ahead) {
    const bucket = sizeBucket(party.partySize);
    const share = model.calledFirst[bucket * BUCKETS + own]!;
    queue += share * callOf(bucket, queue);
    if (bucket === own) table += share * tableOf(table);
    wait = Math.max(wait, queue + callOf(own, queue), table + tableOf(table));
  }
  return wait;
}

function estimateWaitMinutes(
  model: EtaModel,
  ahead: ReadonlyArray<{ partySize: number }>,
  partySize: number,
  now: number,
): number {
  if (ahead.length === 0) return 0;
  if (model.source === "fallback") return Math.ceil(ahead.length * model.fallbackMinutes);
  const expected = expectedWait(model, ahead, partySize, now);
  const quote = expected + model.margins[sizeBucket(partySize)]! * Math.sqrt(expected + 1);
  return Math.ceil(quote - 1e-6);
}

/** The old `forLine()`: `quote(line.slice(0, i), p)` for every party of the line. */
export function quadraticLineQuotes(
  model: EtaModel,
  line: readonly Party[],
  options: { averageServiceTime: number; typeMinutes: ReadonlyMap<string, number>; now: number },
): number[] {
  const { averageServiceTime, typeMinutes, now } = options;
  const fallback = (ahead: readonly Party[]) =>
    Math.ceil(ahead.reduce(
      (sum, p) => sum + (typeMinutes.get(p.serviceTypeId ?? "") ?? averageServiceTime),
      0,
    ));
  const quote = (ahead: readonly Party[], party: Party) =>
    model.source === "fallback"
      ? fallback(ahead)
      : estimateWaitMinutes(model, ahead, party.partySize, now);
  return line.map((p, i) => quote(line.slice(0, i), p));
}
