/**
 * `deno task bench:estimate`: the wait estimate of a whole line (`forLine`) and the estimate part
 * of the customers' snapshot (`toPublicSnapshot`, what every change of a queue computes once per
 * process) at 1k, 3k and 10k waiting parties, with a learned model ("history") and without one
 * ("fallback": the queue's average and service types' own times). "quadratic (old)" is the code
 * before the one-pass estimate (tests/helpers/quadratic_estimate.ts), kept to compare.
 */
import { buildEtaModel, type CallRecord, type EtaModel } from "../lib/queue/eta_model.ts";
import { makeWaitEstimator, type WaitEstimator } from "../lib/queue/estimate.ts";
import { type LiveParty, toPublicSnapshot } from "../lib/queue/snapshot.ts";
import { quadraticLineQuotes } from "../tests/helpers/quadratic_estimate.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2025, 2, 10, 4); // 12:00 at UTC+8
const OFFSET_MINUTES = 480;
const SIZES = [1_000, 3_000, 10_000];
const TYPES = ["takeaway", "dine-in", null];

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

/** Two weeks of a busy restaurant: a call every 1–15 minutes, 11:00–22:00 local. */
function history(rand: () => number): CallRecord[] {
  const calls: CallRecord[] = [];
  for (let d = 14; d >= 1; d--) {
    const open = NOW - d * DAY - HOUR;
    for (let t = open; t < open + 11 * HOUR;) {
      t += (1 + rand() * 14) * MINUTE;
      const partySize = 1 + Math.floor(rand() ** 2 * 10);
      calls.push({ joinedAt: t - (5 + rand() * 60) * MINUTE, calledAt: t, partySize });
    }
  }
  return calls;
}

function line(rand: () => number, length: number): LiveParty[] {
  return Array.from({ length }, (_, i) => ({
    id: `entry-${i}`,
    status: "waiting" as const,
    partySize: 1 + Math.floor(rand() * 8),
    serviceTypeId: TYPES[Math.floor(rand() * TYPES.length)]!,
  }));
}

const rand = random(42);
const options = {
  averageServiceTime: 15,
  typeMinutes: new Map([["takeaway", 5], ["dine-in", 25]]),
  now: NOW,
};
const models: Record<string, EtaModel> = {
  history: buildEtaModel(history(rand), {
    now: NOW,
    fallbackMinutes: 15,
    timeZoneOffsetMinutes: OFFSET_MINUTES,
  }),
  fallback: buildEtaModel([], { now: NOW, fallbackMinutes: 15 }),
};
if (models.history!.source !== "history") throw new Error("the history model fell back");

for (const [kind, model] of Object.entries(models)) {
  const onePass = makeWaitEstimator(model, options);
  const quadratic: WaitEstimator = {
    forParty: onePass.forParty,
    forLine: (parties) => quadraticLineQuotes(model, parties, options),
  };
  for (const size of SIZES) {
    const parties = line(rand, size);
    // The old code walks the line again for every party: keep its slow runs few.
    const slow = { n: size >= 10_000 ? 3 : size >= 3_000 ? 10 : 30, warmup: 1 };
    const group = `${kind}, ${size} waiting`;
    Deno.bench({
      name: `forLine one pass: ${group}`,
      group: `forLine ${group}`,
      baseline: true,
      fn: () => void onePass.forLine(parties),
    });
    Deno.bench({
      name: `forLine quadratic (old): ${group}`,
      group: `forLine ${group}`,
      ...slow,
      fn: () => void quadratic.forLine(parties),
    });
    Deno.bench({
      name: `public snapshot one pass: ${group}`,
      group: `snapshot ${group}`,
      baseline: true,
      fn: () => void toPublicSnapshot("q", parties, onePass),
    });
    Deno.bench({
      name: `public snapshot quadratic (old): ${group}`,
      group: `snapshot ${group}`,
      ...slow,
      fn: () => void toPublicSnapshot("q", parties, quadratic),
    });
  }
}

Deno.bench({
  name: "buildEtaModel: 14 days of history (once a minute per queue and process)",
  fn: () => void buildEtaModel(history(random(7)), { now: NOW, fallbackMinutes: 15 }),
});
