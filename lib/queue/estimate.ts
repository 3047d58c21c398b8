import type { Tx } from "../db/transaction_repo.ts";
import { buildEtaModel, estimateWaitMinutes, type EtaModel } from "./eta_model.ts";
import { listRecentCalls } from "./eta_repo.ts";
import { timeZoneOffsetMinutes } from "./hours.ts";
import { findMerchantTimezone } from "./queue_repo.ts";
import { listServiceTypes } from "./service_type_repo.ts";

/** A party as the estimator sees it. */
export interface Party {
  partySize: number;
  serviceTypeId: string | null;
}

/** Quotes for one queue at one moment, from its learned pace (see eta_model.ts). */
export interface WaitEstimator {
  /** Minutes until `party`, behind the parties `ahead`, is likely called. */
  forParty(ahead: readonly Party[], party: Party): number;
  /** The quote for every party of a line, front first. */
  forLine(line: readonly Party[]): number[];
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
  // Types change at any time and are few: read them fresh rather than cache them.
  const typeMinutes = new Map<string, number>();
  for (const t of await listServiceTypes(trx, queue.id)) {
    if (t.estimatedServiceTime) typeMinutes.set(t.id, t.estimatedServiceTime);
  }
  // Until the queue has history, each party ahead counts its service type's own time, or the
  // queue's average when it has none.
  const fallback = (ahead: readonly Party[]) =>
    Math.ceil(ahead.reduce(
      (sum, p) => sum + (typeMinutes.get(p.serviceTypeId ?? "") ?? queue.averageServiceTime),
      0,
    ));
  const quote = (ahead: readonly Party[], party: Party) =>
    model.source === "fallback"
      ? fallback(ahead)
      : estimateWaitMinutes(model, ahead, party.partySize, now);
  return {
    forParty: quote,
    forLine(line) {
      return line.map((p, i) => quote(line.slice(0, i), p));
    },
  };
}
