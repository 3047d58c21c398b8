/**
 * The Deno KV side of realtime topics: a topic's value is a Deno.KvU64 version, bumped by
 * `publishTopic` and read back by the hub through `createKvTopicSource`.
 */

import { realtimeTopicKey } from "../kv/keys.ts";

/** Watches one topic: reports its current version first, then each new one; returns a stop. */
export interface TopicSource {
  watch(topic: Deno.KvKey, handlers: TopicHandlers): () => void;
}

export interface TopicHandlers {
  onVersion(version: bigint): void;
  /** The watch died; the hub ends the topic's subscribers so their clients reconnect. */
  onError(err: unknown): void;
}

/** Carries news of bumped topics beyond KV's own watch (REALTIME_SOURCE=postgres: a NOTIFY). */
export type TopicAnnouncer = (topics: readonly Deno.KvKey[]) => Promise<void>;

const announcers = new WeakMap<Deno.Kv, TopicAnnouncer>();

/**
 * From now on, every topic bumped in `kv` is also announced through `announcer`, after the KV
 * commit. Returns a function that stops it.
 */
export function announceTopicsThrough(kv: Deno.Kv, announcer: TopicAnnouncer): () => void {
  announcers.set(kv, announcer);
  return function stopAnnouncing() {
    if (announcers.get(kv) === announcer) announcers.delete(kv);
  };
}

/**
 * Announces topics already written in `kv` (e.g. a session's revocation mark) through the
 * announcer of `announceTopicsThrough`, if any; call it after their commit.
 */
export async function announceTopics(kv: Deno.Kv, topics: readonly Deno.KvKey[]): Promise<void> {
  if (topics.length > 0) await announcers.get(kv)?.(topics);
}

/**
 * Tells every process watching a topic that it changed, by bumping its Deno.KvU64 version.
 *
 * Call it after the database commit, never inside the transaction: a watcher that re-reads
 * before the commit would see the old state and miss the change.
 */
export async function publishTopic(
  kv: Deno.Kv,
  tenantId: string,
  kind: string,
  id: string,
): Promise<void> {
  const key = realtimeTopicKey(tenantId, kind, id);
  const result = await kv.atomic().sum(key, 1n).commit();
  if (!result.ok) throw new Error(`Publishing realtime topic ${kind}/${id} failed`);
  await announceTopics(kv, [key]);
}

/** Bumps several topics of one tenant in one atomic commit (e.g. a queue and the tenant's list). */
export async function publishTopics(
  kv: Deno.Kv,
  tenantId: string,
  topics: ReadonlyArray<readonly [kind: string, id: string]>,
): Promise<void> {
  const op = kv.atomic();
  const keys = topics.map(([kind, id]) => realtimeTopicKey(tenantId, kind, id));
  for (const key of keys) op.sum(key, 1n);
  const result = await op.commit();
  if (!result.ok) throw new Error("Publishing realtime topics failed");
  await announceTopics(kv, keys);
}

/** Reads topic versions from `kv.watch`, one watch (one key) per topic. */
export function createKvTopicSource(kv: Pick<Deno.Kv, "watch">): TopicSource {
  return {
    watch: function watchKvTopic(topic, handlers) {
      const reader = kv.watch<[unknown]>([topic]).getReader();
      let stopped = false;
      (async function pumpKvTopic() {
        try {
          while (true) {
            const { done, value } = await reader.read();
            if (done) break;
            const current = value[0].value;
            handlers.onVersion(current instanceof Deno.KvU64 ? current.value : 0n);
          }
          if (!stopped) handlers.onError(new Error("Realtime topic watch ended"));
        } catch (err) {
          if (!stopped) handlers.onError(err);
        }
      })();
      return function stopKvTopic() {
        stopped = true;
        reader.cancel().catch(function ignoreCancelError() {});
      };
    },
  };
}
