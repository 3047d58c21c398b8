import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { type DomainEvent, queueOf } from "../events/event_types.ts";
import { changesQueue } from "../events/realtime.ts";
import { realtimeTopicKey } from "../kv/keys.ts";
import type { RealtimeHub } from "../realtime/hub.ts";
import { createTopicCache, type TopicCache } from "../realtime/topic_cache.ts";
import {
  boardSnapshotOf,
  type BoardState,
  boardStateAfter,
  loadBoardState,
} from "./board_state.ts";
import type { BoardSnapshot } from "./snapshot.ts";

/**
 * The staff boards of this process, from memory: each queue's board state is read once per
 * change (see `createTopicCache`) and shared by every board open on it, its page and its
 * stream. This process's own joins and calls (and cancels, no-shows, requeues, confirmations)
 * are applied in memory; a seat or a completion, a chat that changes unread counts, and any
 * other process's change read the board again.
 */
export interface BoardReads {
  /** The queue's board; null when the queue does not exist for this tenant. */
  board(tenantId: string, queueId: string): Promise<BoardSnapshot | null>;
  /** Whether the queue's board is in memory and current (its reads need no load). */
  inMemory(tenantId: string, queueId: string): boolean;
  /** This process committed these events: applied, or what they touch is stale from now on. */
  changed(events: readonly DomainEvent[]): void;
  stats(): { boards: number };
  close(): void;
}

export interface BoardReadsOptions {
  db: Kysely<Database>;
  hub: RealtimeHub;
  /** A board nobody read for this long is dropped (and its topic unwatched). */
  idleMs?: number;
}

export function createBoardReads(options: BoardReadsOptions): BoardReads {
  const { db, hub } = options;
  const idleMs = options.idleMs ?? 5 * 60_000;
  const boards = new Map<string, TopicCache<BoardState | null>>();
  const sweep = setInterval(function sweepIdle() {
    const cutoff = Date.now() - idleMs;
    for (const [key, cache] of [...boards]) {
      if (cache.dead() || cache.lastUsedAt() < cutoff) {
        cache.close();
        boards.delete(key);
      }
    }
  }, Math.min(idleMs, 60_000));
  Deno.unrefTimer(sweep);

  function cacheOf(tenantId: string, queueId: string) {
    const key = `${tenantId}/${queueId}`;
    let cache = boards.get(key);
    if (!cache || cache.dead()) {
      cache?.close();
      cache = createTopicCache(
        hub,
        realtimeTopicKey(tenantId, "queue", queueId),
        () => loadBoardState(db, tenantId, queueId),
      );
      boards.set(key, cache);
    }
    return cache;
  }

  return {
    async board(tenantId, queueId) {
      const state = await cacheOf(tenantId, queueId).read();
      return state && boardSnapshotOf(state);
    },
    inMemory(tenantId, queueId) {
      return boards.get(`${tenantId}/${queueId}`)?.peek() !== undefined;
    },
    changed(events) {
      for (const event of events) {
        const queueId = queueOf(event);
        const cache = event.tenantId && queueId
          ? boards.get(`${event.tenantId}/${queueId}`)
          : undefined;
        // A staff message or a customer's receipt is not published on the queue's topic.
        if (!cache || !changesQueue(event)) continue;
        const change = event.committed;
        if (change) cache.update((state) => state && boardStateAfter(state, change));
        else cache.invalidate();
      }
    },
    stats: () => ({ boards: boards.size }),
    close() {
      clearInterval(sweep);
      for (const cache of boards.values()) cache.close();
      boards.clear();
    },
  };
}
