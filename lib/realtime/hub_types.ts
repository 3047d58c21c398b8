/** The realtime hub's public types, and the helpers that name topics and parse resume ids. */

import type { TopicSource } from "./publish.ts";

/** What a subscriber watches: a named view of a topic and how to read its current state. */
export interface ChannelSpec {
  name: string;
  topic: Deno.KvKey;
  load: () => Promise<unknown>;
  /**
   * True when `load` would answer from this process's memory now (a read model that took this
   * process's change in before the change is published): on `preview` the hub then sends it at
   * once, before the change's version is known. Without it, or false, the channel waits for the
   * version (a load from the database would only be repeated when the version comes).
   */
  inMemory?: () => boolean;
}

export interface HubOptions {
  /** Milliseconds between heartbeat comments; 0 turns them off. Default 15000. */
  heartbeatMs?: number;
  onError?: (err: unknown) => void;
  source?: TopicSource;
}

export interface SubscribeOptions {
  /** The client's `Last-Event-ID`: no snapshot is sent while the channel is at that version. */
  lastEventId?: string | null;
  /** Called when the hub ends the subscription itself (close(), a failed watch). */
  onClose?: () => void;
}

export interface WatchTopicOptions {
  /** Called when the hub ends the watch itself (close(), a failed watch). */
  onClose?: () => void;
}

export interface HubStats {
  topics: number;
  channels: number;
  subscribers: number;
  /** Topic watchers (`watchTopic`), which get versions rather than events. */
  watchers: number;
  /** Whether the heartbeat timer is running. */
  heartbeat: boolean;
}

export interface RealtimeHub extends Disposable {
  subscribe(
    channel: ChannelSpec,
    send: (bytes: Uint8Array) => void,
    options?: SubscribeOptions,
  ): () => void;
  /**
   * Calls `onVersion` with the topic's current version (0 when unset) as soon as it is known,
   * then with each new one. Returns a function that stops it. `own` is true for a version this
   * process's `publishTopic(s)` wrote, right after the one reported before it.
   */
  watchTopic(
    topic: Deno.KvKey,
    onVersion: (version: bigint, own: boolean) => void,
    options?: WatchTopicOptions,
  ): () => void;
  /**
   * A change to `topic` was committed by this process and its channels that answer from memory
   * (`inMemory`) already show it: they send it now, as an event without an id, rather than
   * after the topic's version is written. That version then sends them nothing more unless
   * their view changed again; a client that reconnects meanwhile gets the snapshot again.
   */
  preview(topic: Deno.KvKey): void;
  stats(): HubStats;
  close(): void;
}

/* The hub's own state (hub.ts). */

export interface Subscriber {
  send: (bytes: Uint8Array) => void;
  onClose: (() => void) | undefined;
  version: bigint | null;
}

export interface Watcher {
  onVersion: (version: bigint, own: boolean) => void;
  onClose: (() => void) | undefined;
}

/** Whoever the hub tells when it ends a topic itself. */
export type Ended = { onClose: (() => void) | undefined };

export interface ChannelState {
  spec: ChannelSpec;
  subscribers: Set<Subscriber>;
  /**
   * The last load: its version, its JSON (to tell a change that changed nothing) and event. A
   * previewed load has a negative version of its own (each preview the next one down) and the
   * topic's version it was previewed at (`previewOf`).
   */
  cached: { version: bigint; json: string; bytes: Uint8Array; previewOf?: bigint | null } | null;
  loading: boolean;
  reloadAfter: boolean;
  dropped: boolean;
}

export interface TopicState {
  version: bigint | null;
  channels: Map<string, ChannelState>;
  watchers: Set<Watcher>;
  stop: () => void;
}

export function topicIdOf(topic: Deno.KvKey): string {
  return JSON.stringify(topic.map(function typedPart(part) {
    return [typeof part, part instanceof Uint8Array ? [...part].join(",") : String(part)];
  }));
}

export function parseVersion(lastEventId: string | null | undefined): bigint | null {
  if (!lastEventId || !/^\d+$/.test(lastEventId)) return null;
  return BigInt(lastEventId);
}
