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
  /**
   * A new version. `own` when this process's `publishTopic(s)` made it and it directly follows
   * the version reported before (no other writer's version was passed over).
   */
  onVersion(version: bigint, own?: boolean): void;
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
  await publishKeys(kv, [realtimeTopicKey(tenantId, kind, id)]);
}

/** Bumps several topics of one tenant in one atomic commit (e.g. a queue and the tenant's list). */
export async function publishTopics(
  kv: Deno.Kv,
  tenantId: string,
  topics: ReadonlyArray<readonly [kind: string, id: string]>,
): Promise<void> {
  await publishKeys(kv, topics.map(([kind, id]) => realtimeTopicKey(tenantId, kind, id)));
}

/** Per KV handle, the end of this process's last publish: its bumps commit one at a time. */
const lastBump = new WeakMap<Deno.Kv, Promise<unknown>>();

/**
 * Bumps `keys` after this process's earlier bumps, and tells its own watches at once. One at a
 * time, so this process's bumps never race each other and each is told in the order written: a
 * watch sees this process's consecutive versions as its own.
 */
async function publishKeys(kv: Deno.Kv, keys: Deno.KvKey[]): Promise<void> {
  const bumped = (lastBump.get(kv) ?? Promise.resolve()).then(async function bumpInTurn() {
    const versions = await bumpVersions(kv, keys);
    tellLocalWatches(kv, keys, versions);
  });
  const turn = bumped.catch(function nextBumpGoesOn() {});
  lastBump.set(kv, turn);
  await bumped;
  if (lastBump.get(kv) === turn) lastBump.delete(kv);
  await announceTopics(kv, keys);
}

/** Tries of the checked bump before falling back to an unchecked sum. */
const BUMP_TRIES = 4;

/**
 * Adds one to each key's version in one atomic commit and returns the versions it wrote, so this
 * process knows which versions are its own. A commit that lost a race with another writer is
 * tried again; after BUMP_TRIES, the keys are summed (null: the versions written are unknown).
 */
async function bumpVersions(kv: Deno.Kv, keys: Deno.KvKey[]): Promise<bigint[] | null> {
  for (let tries = 0; tries < BUMP_TRIES; tries++) {
    const current = await kv.getMany<unknown[]>(keys);
    const op = kv.atomic();
    const next = current.map((entry) => versionOf(entry.value) + 1n);
    current.forEach((entry, i) => op.check(entry).set(entry.key, new Deno.KvU64(next[i]!)));
    if ((await op.commit()).ok) return next;
  }
  const op = kv.atomic();
  for (const key of keys) op.sum(key, 1n);
  if (!(await op.commit()).ok) throw new Error("Publishing realtime topics failed");
  return null;
}

function versionOf(value: unknown): bigint {
  return value instanceof Deno.KvU64 ? value.value : 0n;
}

type LocalWatches = Map<string, Set<(version: bigint, own?: boolean) => void>>;

/** This process's KV topic watches, by KV handle and topic id. */
const localWatches = new WeakMap<object, LocalWatches>();

/**
 * Tells this process's watches of `keys` their new versions as soon as this process committed
 * them, without waiting for `kv.watch` to report the commit (tens of ms on a busy process; the
 * watch still reports it, and a version already told is not told twice). The versions this
 * process wrote are told as its own; when they are unknown they are read back, and failures are
 * left to the watch.
 */
function tellLocalWatches(kv: Deno.Kv, keys: readonly Deno.KvKey[], versions: bigint[] | null) {
  const watches = localWatches.get(kv);
  if (!watches) return;
  if (versions) {
    keys.forEach((key, i) => {
      for (const tell of watches.get(topicIdOf(key)) ?? []) tell(versions[i]!, true);
    });
    return;
  }
  const watched = keys.filter((key) => watches.has(topicIdOf(key)));
  for (let i = 0; i < watched.length; i += 10) {
    kv.getMany<unknown[]>(watched.slice(i, i + 10)).then(
      function tellVersions(entries) {
        for (const entry of entries) {
          for (const tell of watches.get(topicIdOf(entry.key)) ?? []) tell(versionOf(entry.value));
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
      function report(version: bigint, own = false) {
        if (stopped || (last !== null && version <= last)) return;
        const mine = own && last === version - 1n;
        last = version;
        handlers.onVersion(version, mine);
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
