/**
 * In-process fan-out of realtime topics to SSE subscribers.
 *
 * - A topic is a KV key (from `realtimeTopicKey`) whose value is a Deno.KvU64 version that
 *   `publishTopic` bumps. The hub watches each topic that has subscribers exactly once, through a
 *   {@link TopicSource} (Deno KV by default; PostgreSQL LISTEN/NOTIFY could feed one instead).
 * - A channel is one view of a topic (e.g. the customer view and the staff view of a queue),
 *   keyed by `name` within its topic. The first subscriber's `load` is the one the channel uses.
 * - On a change, each channel calls `load()` once, encodes one SSE event
 *   (`id: <version>\nevent: update\ndata: <JSON>\n\n`) and hands the same bytes to every subscriber;
 *   when the JSON is the same as the last load's, subscribers that have that event are sent
 *   nothing (their version moves on), so a change this view does not show costs no fan-out.
 *   A change that arrives while a load is running schedules a single reload after it (latest wins).
 *   A channel with many subscribers is sent an event in slices of SENDS_PER_TURN, the event loop
 *   turning between them, so the request that made the change is answered meanwhile.
 * - Resume: each subscriber remembers the version it last received, starting from its
 *   `lastEventId`. It is sent an event only when the channel's version differs from that, so a new
 *   subscriber gets the cached snapshot at once (or as soon as the first load ends), and one that
 *   resumes at the current version gets nothing until the next change.
 * - One heartbeat timer per hub, running only while someone is subscribed.
 * - A topic watcher (`watchTopic`) gets the topic's versions themselves, not a channel's events:
 *   e.g. a staff stream ends when its session's revocation topic is set. It shares the topic's
 *   one watch with every other watcher and channel of that topic in this process.
 */

import { createKvTopicSource } from "./publish.ts";
import { eventLoopTurn } from "./event_loop_turn.ts";
import { encodeUpdateJson, encodeUpdatePreview, HEARTBEAT_BYTES } from "./sse.ts";
import {
  type ChannelSpec,
  type ChannelState,
  type Ended,
  type HubOptions,
  type HubStats,
  parseVersion,
  type RealtimeHub,
  type SubscribeOptions,
  type Subscriber,
  topicIdOf,
  type TopicState,
  type Watcher,
  type WatchTopicOptions,
} from "./hub_types.ts";

export type {
  ChannelSpec,
  HubOptions,
  HubStats,
  RealtimeHub,
  SubscribeOptions,
  WatchTopicOptions,
} from "./hub_types.ts";

export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * Pages sent an event before the hub lets the event loop turn: ~15 ms of writes. A change to a
 * queue that 10,000 pages watch is ~300 ms of them; in one piece, the staff action that made it
 * and every other request waited for the last page before being answered.
 */
const SENDS_PER_TURN = 500;

export function createHub(kv: Pick<Deno.Kv, "watch">, options: HubOptions = {}): RealtimeHub {
  const source = options.source ?? createKvTopicSource(kv);
  function onError(err: unknown) {
    try {
      options.onError?.(err);
    } catch {
      // A failing logger must not leave a channel stuck mid-load or reject a detached promise.
    }
  }
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const topics = new Map<string, TopicState>();
  let subscriberCount = 0;
  let watcherCount = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  /** The last preview's version: previews count down from -1, below every topic version. */
  let lastPreview = 0n;

  function deliver(subscriber: Subscriber, bytes: Uint8Array) {
    try {
      subscriber.send(bytes);
    } catch (err) {
      onError(err);
    }
  }

  let beating = false;

  /** A comment to every page, in slices as a change is (10,000 pages are ~300 ms of writes). */
  async function sendHeartbeat() {
    if (beating) return;
    beating = true;
    try {
      let sent = 0;
      for (const topic of topics.values()) {
        for (const channel of topic.channels.values()) {
          for (const subscriber of channel.subscribers) {
            deliver(subscriber, HEARTBEAT_BYTES);
            if (++sent % SENDS_PER_TURN === 0) await eventLoopTurn();
          }
        }
      }
    } finally {
      beating = false;
    }
  }

  function updateHeartbeat() {
    if (subscriberCount > 0 && heartbeat === undefined && heartbeatMs > 0) {
      heartbeat = setInterval(sendHeartbeat, heartbeatMs);
    } else if (subscriberCount === 0 && heartbeat !== undefined) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  }

  function catchUp(channel: ChannelState, subscriber: Subscriber) {
    const cached = channel.cached;
    if (cached === null || cached.version === subscriber.version) return;
    subscriber.version = cached.version;
    deliver(subscriber, cached.bytes);
  }

  /**
   * Loads a channel and sends what changed. With `preview`, the first load is sent without an
   * id, under a preview version of its own (and a load already running makes it nothing: its
   * change comes next).
   */
  async function refreshChannel(topic: TopicState, channel: ChannelState, preview = false) {
    if (channel.loading) {
      if (!preview) channel.reloadAfter = true;
      return;
    }
    channel.loading = true;
    let early = preview;
    do {
      channel.reloadAfter = false;
      const version = early ? --lastPreview : topic.version ?? 0n;
      try {
        const json = JSON.stringify(await channel.spec.load()) ?? "null";
        if (channel.dropped) break;
        const previous = channel.cached;
        if (early && (previous === null || previous.json === json)) continue;
        channel.cached = early
          ? { version, json, bytes: encodeUpdatePreview(json), previewOf: topic.version }
          : { version, json, bytes: encodeUpdateJson(version, json) };
        if (previous !== null && previous.json === json) {
          // A change this view does not show (e.g. a reminder sent to one customer): whoever
          // has the previous event already shows this version, so nothing is sent to them.
          for (const subscriber of channel.subscribers) {
            if (subscriber.version === previous.version) subscriber.version = version;
            else catchUp(channel, subscriber);
          }
        } else {
          let sent = 0;
          for (const subscriber of channel.subscribers) {
            catchUp(channel, subscriber);
            // A page that opens meanwhile was sent this event when it subscribed (and is not
            // sent it twice); one that closes is no longer in the set.
            if (++sent % SENDS_PER_TURN === 0) await eventLoopTurn();
            if (channel.dropped) break;
          }
        }
      } catch (err) {
        onError(err);
      } finally {
        early = false;
      }
    } while (channel.reloadAfter && !channel.dropped);
    channel.loading = false;
  }

  function preview(key: Deno.KvKey) {
    const topic = topics.get(topicIdOf(key));
    if (!topic || topic.version === null) return;
    for (const channel of topic.channels.values()) {
      if (channel.spec.inMemory?.()) refreshChannel(topic, channel, true);
    }
  }

  function onTopicVersion(topic: TopicState, version: bigint, own: boolean) {
    // The watch's first report is the current version, not a change, but channels still need it
    // for their first snapshot; later reports of the same version are no change at all.
    if (topic.version === version) return;
    topic.version = version;
    // Watchers first: a read model that watches the topic marks itself stale before any channel
    // reloads from it, and a revoked session's stream ends before it is sent anything.
    for (const watcher of [...topic.watchers]) tellWatcher(watcher, version, own);
    for (const channel of topic.channels.values()) refreshChannel(topic, channel);
  }

  function tellWatcher(watcher: Watcher, version: bigint, own = false) {
    try {
      watcher.onVersion(version, own);
    } catch (err) {
      onError(err);
    }
  }

  /**
   * Forgets a topic and returns its subscribers and watchers, so they can be told after the
   * state is clean.
   */
  function dropTopic(topicId: string, topic: TopicState): Ended[] {
    topic.stop();
    topics.delete(topicId);
    const ended: Ended[] = [];
    for (const channel of topic.channels.values()) {
      channel.dropped = true;
      subscriberCount -= channel.subscribers.size;
      ended.push(...channel.subscribers);
      channel.subscribers.clear();
    }
    topic.channels.clear();
    watcherCount -= topic.watchers.size;
    ended.push(...topic.watchers);
    topic.watchers.clear();
    updateHeartbeat();
    return ended;
  }

  function isUnused(topic: TopicState): boolean {
    return topic.channels.size === 0 && topic.watchers.size === 0;
  }

  /** The topic's state, created (and its watch started) if this process does not watch it yet. */
  function joinTopic(key: Deno.KvKey): { topicId: string; topic: TopicState; isNew: boolean } {
    const topicId = topicIdOf(key);
    const existing = topics.get(topicId);
    if (existing) return { topicId, topic: existing, isNew: false };
    const topic: TopicState = {
      version: null,
      channels: new Map(),
      watchers: new Set(),
      stop: function notStarted() {},
    };
    topics.set(topicId, topic);
    return { topicId, topic, isNew: true };
  }

  function endSubscribers(ended: Ended[]) {
    for (const subscriber of ended) {
      try {
        subscriber.onClose?.();
      } catch (err) {
        onError(err);
      }
    }
  }

  function startTopic(topicId: string, topic: TopicState, key: Deno.KvKey) {
    topic.stop = source.watch(key, {
      onVersion: function onVersion(version, own) {
        if (topics.get(topicId) === topic) onTopicVersion(topic, version, own === true);
      },
      onError: function onWatchError(err) {
        onError(err);
        if (topics.get(topicId) === topic) endSubscribers(dropTopic(topicId, topic));
      },
    });
  }

  function subscribe(
    spec: ChannelSpec,
    send: (bytes: Uint8Array) => void,
    subscribeOptions: SubscribeOptions = {},
  ): () => void {
    if (closed) throw new Error("Realtime hub is closed");
    const { topicId, topic, isNew: isNewTopic } = joinTopic(spec.topic);
    let channel = topic.channels.get(spec.name);
    if (channel === undefined) {
      channel = {
        spec,
        subscribers: new Set(),
        cached: null,
        loading: false,
        reloadAfter: false,
        dropped: false,
      };
      topic.channels.set(spec.name, channel);
    }
    const subscriber: Subscriber = {
      send,
      onClose: subscribeOptions.onClose,
      version: parseVersion(subscribeOptions.lastEventId),
    };
    channel.subscribers.add(subscriber);
    subscriberCount++;
    updateHeartbeat();

    if (isNewTopic) startTopic(topicId, topic, spec.topic);
    catchUp(channel, subscriber);
    // Also retries a channel whose last load failed, now that someone is waiting for it (a
    // channel previewed since the topic's last version is current: its version is on its way).
    const cached = channel.cached;
    const previewed = cached !== null && cached.version < 0n && cached.previewOf === topic.version;
    if (
      topic.version !== null && !channel.loading && cached?.version !== topic.version && !previewed
    ) {
      refreshChannel(topic, channel);
    }

    const joinedTopic = topic;
    const joinedChannel = channel;
    return function unsubscribe() {
      if (!joinedChannel.subscribers.delete(subscriber)) return;
      subscriberCount--;
      if (joinedChannel.subscribers.size === 0) {
        joinedChannel.dropped = true;
        joinedTopic.channels.delete(spec.name);
      }
      if (isUnused(joinedTopic)) dropTopic(topicId, joinedTopic);
      updateHeartbeat();
    };
  }

  function watchTopic(
    key: Deno.KvKey,
    onVersion: (version: bigint, own: boolean) => void,
    watchOptions: WatchTopicOptions = {},
  ): () => void {
    if (closed) throw new Error("Realtime hub is closed");
    const { topicId, topic, isNew } = joinTopic(key);
    const watcher: Watcher = { onVersion, onClose: watchOptions.onClose };
    topic.watchers.add(watcher);
    watcherCount++;
    if (isNew) startTopic(topicId, topic, key);
    else if (topic.version !== null) tellWatcher(watcher, topic.version);
    return function stopWatchingTopic() {
      if (!topic.watchers.delete(watcher)) return;
      watcherCount--;
      if (isUnused(topic)) dropTopic(topicId, topic);
    };
  }

  function stats(): HubStats {
    let channels = 0;
    for (const topic of topics.values()) channels += topic.channels.size;
    return {
      topics: topics.size,
      channels,
      subscribers: subscriberCount,
      watchers: watcherCount,
      heartbeat: heartbeat !== undefined,
    };
  }

  function close() {
    if (closed) return;
    closed = true;
    const ended: Ended[] = [];
    for (const [topicId, topic] of [...topics]) ended.push(...dropTopic(topicId, topic));
    endSubscribers(ended);
  }

  return { subscribe, watchTopic, preview, stats, close, [Symbol.dispose]: close };
}
