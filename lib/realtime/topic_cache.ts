/**
 * A value kept current by a realtime topic: the read side of the hub for requests.
 *
 * - The cache watches its topic through the hub (one watch per topic per process, shared with
 *   the topic's SSE channels). Each version the hub reports, and each `invalidate()` (this
 *   process's own writes, told synchronously after their commit), marks the value stale.
 * - `read()` answers from memory when nothing was marked stale since the last load. Otherwise it
 *   waits for a load that started after the read did: a read never shows a state older than a
 *   change whose event reached this process (or whose write this process made) before it began.
 *   Concurrent reads share one load; a load in flight when a change arrives is followed by one
 *   more (latest wins), so a burst of changes costs at most two loads.
 * - A value older than `maxAgeMs` is reloaded on its next read (figures that move with time, such
 *   as wait estimates).
 * - A watch the hub ends (shutdown, a failed source) leaves the cache `dead`: its owner drops it
 *   and builds a new one, which watches again.
 */

import type { RealtimeHub } from "./hub.ts";

export interface TopicCache<T> {
  /** The current value, loaded when stale. Rejects when the load fails. */
  read(): Promise<T>;
  /** The value when fresh and loaded, without waiting; undefined otherwise. */
  peek(): T | undefined;
  /** Marks the value stale: the next read loads it again. */
  invalidate(): void;
  /**
   * This process's own change, applied to the value instead of a load: when the value is fresh,
   * it becomes `change(value)`; when that is null, or the value is not fresh, it is marked stale.
   * Call it before the change's topic is published: the version that publish reports as this
   * process's own is then no reason to load (any other version is). Every publish of the topic
   * in this process must follow an `update` or `invalidate` of its change (the dispatcher's
   * `reads.changed()` does): an own version is taken as the applied change's. One that has not
   * come within OWN_VERSION_WAIT_MS marks the value stale.
   */
  update(change: (value: T) => T | null): void;
  /** When `read` or `peek` last answered (ms since the epoch), for idle eviction. */
  lastUsedAt(): number;
  /** True once the hub ended the watch: the owner should drop this cache. */
  dead(): boolean;
  close(): void;
}

export interface TopicCacheOptions {
  /** A value older than this is loaded again on its next read. Default 30 s. */
  maxAgeMs?: number;
  now?: () => number;
}

/** How long an own change applied by `update` waits for its version before a read loads. */
const OWN_VERSION_WAIT_MS = 2_000;

export function createTopicCache<T>(
  hub: RealtimeHub,
  topic: Deno.KvKey,
  load: () => Promise<T>,
  options: TopicCacheOptions = {},
): TopicCache<T> {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const now = options.now ?? Date.now;
  /** Bumped by every change; a value is fresh when it was loaded at the latest generation. */
  let staleGen = 1;
  let loadedGen = 0;
  let value: T | undefined;
  let loadedAt = 0;
  let usedAt = now();
  let loading: Promise<void> | null = null;
  let ended = false;
  /** Own changes applied by `update` whose topic version has not been reported yet. */
  let ownApplied = 0;
  /** When the oldest of those was applied (or the last of them reported). */
  let ownAwaitedSince = 0;

  function markStale() {
    staleGen++;
    ownApplied = 0;
  }

  /**
   * The watch's first report is the topic's current version, not a change: loads wait for it,
   * so that every change after the state they read is reported to this cache afterwards.
   */
  const known = Promise.withResolvers<void>();
  let versionKnown = false;
  function watchEnded() {
    ended = true;
    staleGen++;
    known.resolve();
  }
  let stopWatching = function notWatching() {};
  try {
    stopWatching = hub.watchTopic(topic, function onTopicVersion(_version, own) {
      // The version of a change this process already applied (`update`) is no news.
      if (versionKnown && own && ownApplied > 0) {
        ownApplied--;
        ownAwaitedSince = now();
      } else if (versionKnown) markStale();
      versionKnown = true;
      known.resolve();
    }, { onClose: watchEnded });
  } catch {
    // The hub is closed (the process is shutting down): requests still draining read through.
    watchEnded();
  }

  async function runLoad(): Promise<void> {
    const gen = staleGen;
    try {
      const loaded = await load();
      if (gen > loadedGen) {
        value = loaded;
        loadedGen = gen;
        loadedAt = now();
      }
    } finally {
      loading = null;
    }
  }

  function isFresh(): boolean {
    if (loadedGen === staleGen && now() - loadedAt > maxAgeMs) staleGen++;
    // An own change whose version never came (its publish failed): load rather than trust it.
    if (ownApplied > 0 && now() - ownAwaitedSince > OWN_VERSION_WAIT_MS) markStale();
    return loadedGen === staleGen;
  }

  function peek(): T | undefined {
    if (ended || !isFresh()) return undefined;
    usedAt = now();
    return value;
  }

  async function read(): Promise<T> {
    usedAt = now();
    // No watch, no way to know a change: each read loads (the owner replaces this cache).
    if (ended) return await load();
    isFresh();
    if (!versionKnown) await known.promise;
    const wanted = staleGen;
    while (loadedGen < wanted) {
      loading ??= runLoad();
      await loading;
    }
    return value as T;
  }

  return {
    read,
    peek,
    invalidate: markStale,
    update(change) {
      const next = !ended && versionKnown && isFresh() ? change(value as T) : null;
      if (next === null) markStale();
      else {
        value = next;
        if (ownApplied++ === 0) ownAwaitedSince = now();
      }
    },
    lastUsedAt: () => usedAt,
    dead: () => ended,
    close() {
      ended = true;
      stopWatching();
    },
  };
}
