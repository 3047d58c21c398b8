import type { Tx } from "../db/transaction_repo.ts";
import {
  buildEtaModel,
  estimateLineMinutes,
  estimateWaitMinutes,
  type EtaModel,
} from "./eta_model.ts";
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
  /** Minutes until `party`, behind the parties `ahead`, is likely called. O(ahead). */
  forParty(ahead: readonly Party[], party: Party): number;
  /** The quote for every party of a line, front first, in one pass: O(line). */
  forLine(line: readonly Party[]): number[];
}

/** What a queue's quotes rest on besides its history. */
export interface QueuePace {
  id: string;
  merchantId: string;
  averageServiceTime: number;
}

const MODEL_TTL_MS = 60_000;
const HISTORY_MS = 14 * 86_400_000;
const models = new Map<string, { at: number; key: string; model: EtaModel }>();

/**
 * The learned model of a queue, rebuilt from the last 14 days of calls at most once a minute per
 * queue and process (two queries when stale, none otherwise).
 */
export async function loadEtaModel(trx: Tx, queue: QueuePace, now = Date.now()): Promise<EtaModel> {
  const key = `${queue.averageServiceTime}`;
  const cached = models.get(queue.id);
  if (cached && cached.key === key && now - cached.at <= MODEL_TTL_MS) return cached.model;
  const timeZone = await findMerchantTimezone(trx, queue.merchantId);
  const history = await listRecentCalls(trx, queue.id, new Date(now - HISTORY_MS));
  const model = buildEtaModel(history, {
    now,
    fallbackMinutes: queue.averageServiceTime,
    timeZoneOffsetMinutes: timeZoneOffsetMinutes(timeZone, new Date(now)),
  });
  if (models.size > 5_000) models.clear();
  models.set(queue.id, { at: now, key, model });
  return model;
}

/** Minutes of each of a queue's service types that has its own time, by type id. */
export function serviceTypeMinutes(
  types: ReadonlyArray<{ id: string; estimatedServiceTime: number | null }>,
): Map<string, number> {
  const minutes = new Map<string, number>();
  for (const t of types) if (t.estimatedServiceTime) minutes.set(t.id, t.estimatedServiceTime);
  return minutes;
}

/**
 * The estimator of a queue from its model. Until there is history, each party ahead counts its
 * service type's own time, or the queue's `averageServiceTime` when it has none.
 */
export function makeWaitEstimator(
  model: EtaModel,
  options: { averageServiceTime: number; typeMinutes: ReadonlyMap<string, number>; now: number },
): WaitEstimator {
  const { averageServiceTime, typeMinutes, now } = options;
  const minutesOf = (p: Party) => typeMinutes.get(p.serviceTypeId ?? "") ?? averageServiceTime;
  if (model.source === "fallback") {
    return {
      forParty: (ahead) => Math.ceil(ahead.reduce((sum, p) => sum + minutesOf(p), 0)),
      forLine(line) {
        let sum = 0;
        return line.map((p) => {
          const quote = Math.ceil(sum);
          sum += minutesOf(p);
          return quote;
        });
      },
    };
  }
  return {
    forParty: (ahead, party) => estimateWaitMinutes(model, ahead, party.partySize, now),
    forLine: (line) => estimateLineMinutes(model, line, now),
  };
}

/**
 * The estimator of a queue: its cached model (see `loadEtaModel`) and its service types, read
 * fresh because they change at any time and are few.
 */
export async function loadWaitEstimator(
  trx: Tx,
  queue: QueuePace,
  now = Date.now(),
): Promise<WaitEstimator> {
  const model = await loadEtaModel(trx, queue, now);
  const typeMinutes = serviceTypeMinutes(await listServiceTypes(trx, queue.id));
  return makeWaitEstimator(model, {
    averageServiceTime: queue.averageServiceTime,
    typeMinutes,
    now,
  });
}
