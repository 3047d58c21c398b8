// deno-lint-ignore-file no-console
/**
 * `deno task bench:eta`: simulates days of one restaurant's waitlist (seeded, reproducible) and
 * compares, for every party at the moment it joins, the naive `ahead × averageServiceTime` quote
 * and the history-based one from `lib/queue/eta_model.ts` with the wait the party then had.
 *
 * Environment: ETA_SEED (42), ETA_DAYS (28), ETA_WARMUP_DAYS (3), ETA_AVG_SERVICE (15 minutes,
 * the merchant's setting), ETA_POLICY (`fit`: staff call the first waiting party that fits a free
 * table; `strict`: only the head of the line).
 */
import { buildEtaModel, estimateWaitMinutes, type EtaModel } from "../lib/queue/eta_model.ts";
import { type QueuedParty, simulateWorld, type WorldSettings } from "./eta_world.ts";

const ESTIMATORS = ["naive (ahead × averageServiceTime)", "eta_model"];
const TABLES = [2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 8];
const TIME_ZONE_OFFSET_MINUTES = 480;

function envNumber(name: string, fallback: number): number {
  const value = Number(Deno.env.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer`);
  }
  return value;
}

function envPolicy(): WorldSettings["policy"] {
  const value = Deno.env.get("ETA_POLICY") ?? "fit";
  if (value !== "fit" && value !== "strict") throw new Error("ETA_POLICY must be fit or strict");
  return value;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** One row of the table: how the quotes of estimator `index` compared with the waits. */
function scoreRow(parties: QueuedParty[], index: number): string[] {
  const errors = parties.map((p) => p.quotes[index]! - p.waitMinutes!);
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const n = errors.length;
  return [
    ESTIMATORS[index]!,
    String(n),
    (abs.reduce((sum, e) => sum + e, 0) / n).toFixed(2),
    percent(errors.filter((e) => e < 0).length / n),
    percent(errors.filter((e) => e < -5).length / n),
    percentile(abs, 0.9).toFixed(1),
  ];
}

function printTable(title: string, parties: QueuedParty[]) {
  console.log(`\n${title}`);
  const cells = [[
    "estimator",
    "customers",
    "MAE (min)",
    "share underestimated",
    "share underestimated by > 5 min",
    "p90 abs error (min)",
  ]];
  for (let i = 0; i < ESTIMATORS.length; i++) cells.push(scoreRow(parties, i));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ");
  console.log(line(cells[0]!));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const row of cells.slice(1)) console.log(line(row));
}

function main() {
  const settings: WorldSettings = {
    seed: envNumber("ETA_SEED", 42),
    days: envNumber("ETA_DAYS", 28),
    tables: TABLES,
    policy: envPolicy(),
    timeZoneOffsetMinutes: TIME_ZONE_OFFSET_MINUTES,
  };
  const warmupDays = envNumber("ETA_WARMUP_DAYS", 3);
  if (settings.days <= warmupDays) throw new Error("ETA_DAYS must exceed ETA_WARMUP_DAYS");
  const averageServiceTime = envNumber("ETA_AVG_SERVICE", 15);
  let model: EtaModel | undefined;
  const started = performance.now();
  const { parties, walkIns } = simulateWorld(settings, {
    startDay(dayStart, history) {
      model = buildEtaModel(history, {
        now: dayStart,
        fallbackMinutes: averageServiceTime,
        timeZoneOffsetMinutes: TIME_ZONE_OFFSET_MINUTES,
      });
    },
    quote(now, ahead, partySize) {
      return [
        // The first-pass estimator of lib/queue/estimate.ts, kept here as the fixed baseline.
        Math.ceil(ahead.length * averageServiceTime),
        estimateWaitMinutes(model!, ahead, partySize, now),
      ];
    },
  });
  const elapsed = performance.now() - started;
  const measured = parties.filter((p) => p.day >= warmupDays && p.waitMinutes !== undefined);
  const gaveUp = parties.filter((p) => p.day >= warmupDays && p.waitMinutes === undefined);
  const first = measured.filter((p) => p.aheadAtJoin === 0);
  const behind = measured.filter((p) => p.aheadAtJoin > 0);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  console.log("StoreHub QMS wait-estimate simulation (bench/eta_sim.ts)");
  console.log(
    `seed ${settings.seed}, ${settings.days} days, first ${warmupDays} skipped as warm-up, ` +
      `policy ${settings.policy}, averageServiceTime ${averageServiceTime} min, ` +
      `tables [${TABLES.join(", ")}], UTC${TIME_ZONE_OFFSET_MINUTES >= 0 ? "+" : ""}` +
      `${TIME_ZONE_OFFSET_MINUTES / 60}`,
  );
  console.log(
    "eta_model rebuilt at each local midnight from the calls recorded before it (last 14 days); " +
      "quotes taken when each party joins",
  );
  console.log(
    `${walkIns + parties.length} parties arrived in ${settings.days} days: ${walkIns} seated ` +
      `at once, ${parties.length} joined the queue`,
  );
  console.log(
    `${measured.length} customers measured after warm-up, ${gaveUp.length} more gave up ` +
      `before being called; mean wait ${mean(measured.map((p) => p.waitMinutes!)).toFixed(1)} ` +
      `min, ${first.length} joined with nobody ahead (quoted 0, mean wait ` +
      `${mean(first.map((p) => p.waitMinutes!)).toFixed(1)} min)`,
  );
  printTable("All measured customers", measured);
  printTable("Customers with at least one party ahead", behind);
  // On stderr, so that stdout is the same for the same seed.
  console.error(`simulated in ${(elapsed / 1000).toFixed(2)} s`);
}

if (import.meta.main) main();
