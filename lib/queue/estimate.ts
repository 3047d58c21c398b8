import type { Tx } from "../db/transaction_repo.ts";
import { buildEtaModel, estimateWaitMinutes, type EtaModel } from "./eta_model.ts";
import { listRecentCalls } from "./eta_repo.ts";
import { timeZoneOffsetMinutes } from "./hours.ts";
import { findMerchantTimezone } from "./queue_repo.ts";

/** Quotes for one queue at one moment, from its learned pace (see eta_model.ts). */
export interface WaitEstimator {
  /** Minutes until a party of `partySize` behind parties of `aheadSizes` is likely called. */
  forParty(aheadSizes: readonly number[], partySize: number): number;
  /** The quote for every party of a line, front first. */
  forLine(sizes: readonly number[]): number[];
}

const MODEL_TTL_MS = 60_000;
const HISTORY_MS = 14 * 86_400_000;
const models = new Map<string, { at: number; key: string; model: EtaModel }>();

/**
 * The estimator of a queue. Models are rebuilt from the last 14 days of calls at most once a
 * minute per queue and process; until there is history, quotes fall back to the queue's
 * `averageServiceTime` per party ahead.
 */
export async function loadWaitEstimator(
  trx: Tx,
  queue: { id: string; merchantId: string; averageServiceTime: number },
  now = Date.now(),
): Promise<WaitEstimator> {
  const key = `${queue.averageServiceTime}`;
  let cached = models.get(queue.id);
  if (!cached || cached.key !== key || now - cached.at > MODEL_TTL_MS) {
    const timeZone = await findMerchantTimezone(trx, queue.merchantId);
    const history = await listRecentCalls(trx, queue.id, new Date(now - HISTORY_MS));
    const model = buildEtaModel(history, {
      now,
      fallbackMinutes: queue.averageServiceTime,
      timeZoneOffsetMinutes: timeZoneOffsetMinutes(timeZone, new Date(now)),
    });
    cached = { at: now, key, model };
    if (models.size > 5_000) models.clear();
    models.set(queue.id, cached);
  }
  const model = cached.model;
  const asParties = (sizes: readonly number[]) => sizes.map((partySize) => ({ partySize }));
  return {
    forParty(aheadSizes, partySize) {
      return estimateWaitMinutes(model, asParties(aheadSizes), partySize, now);
    },
    forLine(sizes) {
      const parties = asParties(sizes);
      return parties.map((p, i) =>
        estimateWaitMinutes(model, parties.slice(0, i), p.partySize, now)
      );
    },
  };
}
