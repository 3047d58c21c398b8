/**
 * The Deno KV side of realtime topics: a topic's value is a Deno.KvU64 version, bumped by
 * `publishTopic` and read back by the hub through `createKvTopicSource`.
 */

import { realtimeTopicKey } from "../kv/keys.ts";
import { topicIdOf } from "./hub_types.ts";

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
  tellLocalWatches(kv, [key]);
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
  tellLocalWatches(kv, keys);
  await announceTopics(kv, keys);
}

type LocalWatches = Map<string, Set<(version: bigint) => void>>;

/** This process's KV topic watches, by KV handle and topic id. */
const localWatches = new WeakMap<object, LocalWatches>();

/**
 * Tells this process's watches of `keys` their new versions as soon as this process committed
 * them, without waiting for `kv.watch` to report the commit (tens of ms on a busy process; the
 * watch still reports it, and a version already told is not told twice). Failures are left to
 * the watch.
 */
function tellLocalWatches(kv: Deno.Kv, keys: readonly Deno.KvKey[]) {
  const watches = localWatches.get(kv);
  if (!watches) return;
  const watched = keys.filter((key) => watches.has(topicIdOf(key)));
  for (let i = 0; i < watched.length; i += 10) {
    kv.getMany<unknown[]>(watched.slice(i, i + 10)).then(
      function tellVersions(entries) {
        for (const entry of entries) {
          const version = entry.value instanceof Deno.KvU64 ? entry.value.value : 0n;
          for (const tell of watches.get(topicIdOf(entry.key)) ?? []) tell(version);
        }
      },
      function leaveItToTheWatch() {},
    );
  }
}

/**
 * Reads topic versions from `kv.watch`, one watch (one key) per topic; a topic this process
 * bumps (`publishTopic(s)` on the same `kv`) is also reported as soon as it is committed. Versions
 * only grow: one reported by both ways, or by one after a later one, is reported once.
 */
export function createKvTopicSource(kv: Pick<Deno.Kv, "watch">): TopicSource {
  return {
    watch: function watchKvTopic(topic, handlers) {
      const reader = kv.watch<[unknown]>([topic]).getReader();
      let stopped = false;
      let last: bigint | null = null;
      function report(version: bigint) {
        if (stopped || (last !== null && version <= last)) return;
        last = version;
        handlers.onVersion(version);
      }
      const topicId = topicIdOf(topic);
      let watches = localWatches.get(kv);
      if (!watches) localWatches.set(kv, watches = new Map());
      let tells = watches.get(topicId);
      if (!tells) watches.set(topicId, tells = new Set());
      tells.add(report);
      function forgetLocal() {
        tells!.delete(report);
        if (tells!.size === 0 && watches!.get(topicId) === tells) watches!.delete(topicId);
      }
      (async function pumpKvTopic() {
        try {
          while (true) {
            const { done, value } = await reader.read();
            if (done) break;
            const current = value[0].value;
            report(current instanceof Deno.KvU64 ? current.value : 0n);
          }
          if (!stopped) handlers.onError(new Error("Realtime topic watch ended"));
        } catch (err) {
          if (!stopped) handlers.onError(err);
        }
      })();
      return function stopKvTopic() {
        stopped = true;
        forgetLocal();
        reader.cancel().catch(function ignoreCancelError() {});
      };
    },
  };
}
