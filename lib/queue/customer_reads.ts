import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { withTenant } from "../db/transaction_repo.ts";
import { type DomainEvent, queueOf } from "../events/event_types.ts";
import { changesQueue } from "../events/realtime.ts";
import { realtimeTopicKey } from "../kv/keys.ts";
import type { RealtimeHub } from "../realtime/hub.ts";
import { createTopicCache, type TopicCache } from "../realtime/topic_cache.ts";
import {
  findQueueIdBySessionId,
  listLiveEntriesBySessionIds,
  listQueueIdsWithLiveEntries,
} from "./entry_repo.ts";
import { getEntryStatus } from "./entry_status.ts";
import type { EntryView } from "./entry_view.ts";
import { recentSharedText, type SharedText } from "../shared_text.ts";
import {
  type CommittedChange,
  entryJson,
  type LiveView,
  loadQueueModel,
  type QueueModel,
  withCommittedChange,
} from "./queue_model.ts";
import { listingWithLine, listQueues, type QueueListing } from "./queue_list.ts";
import type { PublicQueueSnapshot } from "./snapshot.ts";
import { CHAT_TOPIC, loadChatSnapshot } from "../chat/chat_channel.ts";
import type { ChatMessage } from "../chat/chat_repo.ts";
import { type DisplayQueue, loadDisplaySnapshot } from "../display/display_snapshot.ts";

/**
 * The customers' reads of this process, from memory: each queue's model and each tenant's
 * listing are loaded once per change (see `createTopicCache`) and shared by every request and
 * status stream. Session ids of live entries map to their queue, so a status read or a stream's
 * opening needs no query; an id not found there (a finished ticket, a join seen by no event
 * yet) is read from the database, which always has the answer.
 */
export interface CustomerReads {
  /** A customer's entry by its session id within this tenant; null when unknown. */
  entryStatus(tenantId: string, sessionId: string): Promise<EntryView | null>;
  /**
   * A live entry of `queueId` as its customer sees it, from the queue's model loaded after this
   * process's own join committed (concurrent joins share that load); null when not live there.
   */
  joinedEntry(tenantId: string, queueId: string, sessionId: string): Promise<EntryView | null>;
  /** The same as the status API's JSON body (`{"entry":…}`), encoded once per change. */
  entryStatusJson(tenantId: string, sessionId: string): Promise<SharedText | null>;
  /**
   * The same for a ticket memory knows as live, without asking the database; null otherwise (a
   * finished or unknown ticket, or one joined in another process whose event has not come).
   */
  liveStatusJson(tenantId: string, sessionId: string): Promise<SharedText | null>;
  /** The queue of a customer's entry, for its status stream; null when unknown. */
  queueOfSession(tenantId: string, sessionId: string): Promise<string | null>;
  /** What a queue's status pages show (places and quotes, no names). */
  publicSnapshot(tenantId: string, queueId: string): Promise<PublicQueueSnapshot>;
  /** Whether the queue's model is in memory and current (its reads need no load). */
  queueInMemory(tenantId: string, queueId: string): boolean;
  /**
   * One active queue as its public page shows it (now calling, next, waiting, wait), kept
   * current by the queue's topic as the page's own stream is; null when not active.
   */
  displayQueue(tenantId: string, queueId: string): Promise<DisplayQueue | null>;
  /** The tenant's active queues with their waits (the customer home page). */
  listing(tenantId: string): Promise<QueueListing[]>;
  /** One entry's chat messages (the status page's first paint); the entry id is trusted. */
  chatMessages(tenantId: string, entryId: string): Promise<ChatMessage[]>;
  /** The still-live entries among a browser's remembered session ids. */
  remembered(tenantId: string, sessionIds: string[]): Promise<RememberedEntry[]>;
  /** This process committed these events: what they touch is stale from now on. */
  changed(events: readonly DomainEvent[]): void;
  stats(): {
    queues: number;
    listings: number;
    chats: number;
    screens: number;
    sessions: number;
  };
  close(): void;
}

export interface RememberedEntry {
  ticketNumber: string;
  sessionId: string;
  status: string;
}

export interface CustomerReadsOptions {
  db: Kysely<Database>;
  hub: RealtimeHub;
  /** A queue or listing nobody read for this long is dropped (and its topic unwatched). */
  idleMs?: number;
  /** A value older than this is reloaded on its next read (quotes move with time). */
  maxAgeMs?: number;
}

/** A queue's model, and the session ids it holds (indexed in `sessions`). */
interface QueueSlot {
  cache: TopicCache<QueueModel>;
  sessions: Set<string>;
}

/** After a tenant's live queues were loaded, a session id missing from memory is not live. */
const WARM_FOR_MS = 60_000;

export function createCustomerReads(options: CustomerReadsOptions): CustomerReads {
  const { db, hub } = options;
  const idleMs = options.idleMs ?? 5 * 60_000;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const queues = new Map<string, QueueSlot>();
  const listings = new Map<string, TopicCache<QueueListing[]>>();
  const chats = new Map<string, TopicCache<ChatMessage[]>>();
  const screens = new Map<string, TopicCache<DisplayQueue | null>>();
  const sessions = new Map<string, { tenantId: string; queueId: string }>();
  const warmed = new Map<string, { at: number; done: Promise<void> }>();
  const sweep = setInterval(sweepIdle, Math.min(idleMs, 60_000));
  Deno.unrefTimer(sweep);

  function queueEntry(tenantId: string, queueId: string) {
    const key = `${tenantId}/${queueId}`;
    const existing = queues.get(key);
    if (existing && !existing.cache.dead()) return existing;
    if (existing) dropQueue(key);
    const slot: QueueSlot = {
      cache: null as unknown as TopicCache<QueueModel>,
      sessions: new Set<string>(),
    };
    slot.cache = createTopicCache(
      hub,
      realtimeTopicKey(tenantId, "queue", queueId),
      async function loadModel() {
        const model = await loadQueueModel(db, tenantId, queueId);
        if (queues.get(key) === slot) indexSessions(slot.sessions, model, tenantId);
        return model;
      },
      { maxAgeMs },
    );
    queues.set(key, slot);
    return slot;
  }

  function indexSessions(indexed: Set<string>, model: QueueModel, tenantId: string) {
    for (const sessionId of indexed) {
      if (!model.views.has(sessionId)) {
        if (sessions.get(sessionId)?.queueId === model.queueId) sessions.delete(sessionId);
        indexed.delete(sessionId);
      }
    }
    for (const sessionId of model.views.keys()) {
      indexed.add(sessionId);
      sessions.set(sessionId, { tenantId, queueId: model.queueId });
    }
  }

  /**
   * This process's own join or call, applied to the queue's model in memory when it can be;
   * the model after, or null when it must be loaded.
   */
  function applyChange(slot: QueueSlot, tenantId: string, change: CommittedChange) {
    let applied: QueueModel | null = null;
    slot.cache.update((model) => {
      applied = withCommittedChange(model, change);
      if (applied) {
        slot.sessions.add(change.entry.sessionId);
        sessions.set(change.entry.sessionId, { tenantId, queueId: change.entry.queueId });
      }
      return applied;
    });
    return applied as QueueModel | null;
  }

  function dropQueue(key: string) {
    const slot = queues.get(key);
    if (!slot) return;
    queues.delete(key);
    slot.cache.close();
    for (const sessionId of slot.sessions) {
      const at = sessions.get(sessionId);
      if (at && `${at.tenantId}/${at.queueId}` === key) sessions.delete(sessionId);
    }
  }

  function sweepIdle() {
    const cutoff = Date.now() - idleMs;
    for (const [key, slot] of [...queues]) {
      if (slot.cache.dead() || slot.cache.lastUsedAt() < cutoff) dropQueue(key);
    }
    for (const map of [listings, chats, screens] as Map<string, TopicCache<unknown>>[]) {
      for (const [key, cache] of [...map]) {
        if (cache.dead() || cache.lastUsedAt() < cutoff) {
          cache.close();
          map.delete(key);
        }
      }
    }
    for (const [tenantId, w] of [...warmed]) {
      if (Date.now() - w.at > WARM_FOR_MS) warmed.delete(tenantId);
    }
  }

  /** The cache of `key` in `map`, made by `make` when missing or dead. */
  function cacheOf<T>(map: Map<string, TopicCache<T>>, key: string, make: () => TopicCache<T>) {
    let cache = map.get(key);
    if (!cache || cache.dead()) {
      cache?.close();
      cache = make();
      map.set(key, cache);
    }
    return cache;
  }

  /** Loads every queue of the tenant that has live entries, once per WARM_FOR_MS. */
  function warm(tenantId: string): Promise<void> {
    const hit = warmed.get(tenantId);
    if (hit && Date.now() - hit.at < WARM_FOR_MS) return hit.done;
    const done = (async () => {
      const ids = await withTenant(db, tenantId, listQueueIdsWithLiveEntries);
      await Promise.all(ids.map((queueId) => queueEntry(tenantId, queueId).cache.read()));
    })();
    warmed.set(tenantId, { at: Date.now(), done });
    done.catch(() => warmed.delete(tenantId));
    return done;
  }

  /** The entry's live view from memory; undefined when memory does not know it as live. */
  async function liveView(tenantId: string, sessionId: string): Promise<LiveView | undefined> {
    let at = sessions.get(sessionId);
    if (!at) {
      await warm(tenantId);
      at = sessions.get(sessionId);
    }
    if (!at || at.tenantId !== tenantId) return undefined;
    const model = await queueEntry(tenantId, at.queueId).cache.read();
    return model.views.get(sessionId);
  }

  /** A live entry read from the database: start following its queue so the next read is ours. */
  function follow(tenantId: string, view: EntryView | null) {
    if (view && (view.status === "waiting" || view.status === "called")) {
      queueEntry(tenantId, view.queueId).cache.read().catch(() => {});
    }
  }

  async function entryStatus(tenantId: string, sessionId: string): Promise<EntryView | null> {
    const live = await liveView(tenantId, sessionId);
    if (live) return live.view;
    const view = await getEntryStatus(db, tenantId, sessionId);
    follow(tenantId, view);
    return view;
  }

  return {
    entryStatus,
    async joinedEntry(tenantId, queueId, sessionId) {
      const model = await queueEntry(tenantId, queueId).cache.read();
      return model.views.get(sessionId)?.view ?? null;
    },
    async liveStatusJson(tenantId, sessionId) {
      const live = await liveView(tenantId, sessionId);
      return live ? entryJson(live) : null;
    },
    async entryStatusJson(tenantId, sessionId) {
      const live = await liveView(tenantId, sessionId);
      if (live) return entryJson(live);
      const view = await getEntryStatus(db, tenantId, sessionId);
      follow(tenantId, view);
      return view ? recentSharedText(JSON.stringify({ entry: view })) : null;
    },
    async queueOfSession(tenantId, sessionId) {
      const live = await liveView(tenantId, sessionId);
      if (live) return live.view.queueId;
      return await withTenant(db, tenantId, (trx) => findQueueIdBySessionId(trx, sessionId));
    },
    async publicSnapshot(tenantId, queueId) {
      return (await queueEntry(tenantId, queueId).cache.read()).snapshot;
    },
    queueInMemory(tenantId, queueId) {
      return queues.get(`${tenantId}/${queueId}`)?.cache.peek() !== undefined;
    },
    listing(tenantId) {
      const cache = cacheOf(listings, tenantId, () =>
        createTopicCache(
          hub,
          realtimeTopicKey(tenantId, "queues", "all"),
          () => listQueues(db, tenantId),
          { maxAgeMs },
        ));
      const fresh = cache.peek();
      return fresh !== undefined ? Promise.resolve(fresh) : cache.read();
    },
    displayQueue(tenantId, queueId) {
      const cache = cacheOf(screens, `${tenantId}/${queueId}`, () =>
        createTopicCache(
          hub,
          realtimeTopicKey(tenantId, "queue", queueId),
          async () => (await loadDisplaySnapshot(db, tenantId, queueId)).queues[0] ?? null,
          { maxAgeMs },
        ));
      const fresh = cache.peek();
      return fresh !== undefined ? Promise.resolve(fresh) : cache.read();
    },
    chatMessages(tenantId, entryId) {
      const cache = cacheOf(chats, `${tenantId}/${entryId}`, () =>
        createTopicCache(
          hub,
          realtimeTopicKey(tenantId, CHAT_TOPIC, entryId),
          async () => (await loadChatSnapshot(db, tenantId, entryId)).messages,
          { maxAgeMs: idleMs },
        ));
      const fresh = cache.peek();
      return fresh !== undefined ? Promise.resolve(fresh) : cache.read();
    },
    async remembered(tenantId, sessionIds) {
      const found: RememberedEntry[] = [];
      const missing: string[] = [];
      for (const sessionId of sessionIds) {
        const live = await liveView(tenantId, sessionId);
        if (live) {
          const { ticketNumber, status } = live.view;
          found.push({ ticketNumber, sessionId, status });
        } else missing.push(sessionId);
      }
      if (missing.length === 0) return found;
      const rows = await withTenant(
        db,
        tenantId,
        (trx) => listLiveEntriesBySessionIds(trx, missing),
      );
      for (const r of rows) {
        found.push({ ticketNumber: r.ticketNumber, sessionId: r.sessionId, status: r.status });
      }
      return found;
    },
    changed(events) {
      for (const event of events) {
        if (!event.tenantId) continue;
        if (event.type.startsWith("chat.")) {
          // A chat is no part of what the queue's customers see of it.
          const { entryId } = event.payload as { entryId: string };
          chats.get(`${event.tenantId}/${entryId}`)?.invalidate();
          continue;
        }
        if (!changesQueue(event)) continue;
        const queueId = queueOf(event);
        const slot = queueId ? queues.get(`${event.tenantId}/${queueId}`) : undefined;
        const model = slot && event.committed
          ? applyChange(slot, event.tenantId, event.committed)
          : null;
        if (!model) slot?.cache.invalidate();
        const listing = queueId ? listings.get(event.tenantId) : undefined;
        // The listing's count and quote of the queue follow from its model, when it was applied.
        if (model) listing?.update((rows) => listingWithLine(rows, model));
        else listing?.invalidate();
        if (queueId) screens.get(`${event.tenantId}/${queueId}`)?.invalidate();
      }
    },
    stats: () => ({
      queues: queues.size,
      listings: listings.size,
      chats: chats.size,
      screens: screens.size,
      sessions: sessions.size,
    }),
    close() {
      clearInterval(sweep);
      for (const key of [...queues.keys()]) dropQueue(key);
      for (const map of [listings, chats, screens] as Map<string, TopicCache<unknown>>[]) {
        for (const cache of map.values()) cache.close();
        map.clear();
      }
    },
  };
}
