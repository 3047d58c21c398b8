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

/** A publish waiting for its turn: its keys, and what its caller awaits. */
interface QueuedBump {
  keys: Deno.KvKey[];
  done: PromiseWithResolvers<void>;
  /** Goes in a bump of its own (its merged bump failed). */
  alone?: boolean;
}

/** Per KV handle, this process's publishes waiting for the bump in flight to end. */
const waiting = new WeakMap<Deno.Kv, QueuedBump[]>();
/** KV handles with a bump in flight (or one that hung for less than BUMP_WAIT_MS). */
const inTurn = new WeakSet<Deno.Kv>();

/**
 * Bumps `keys` after this process's earlier bumps, and tells its own watches at once. One at a
 * time, so this process's bumps never race each other and each is told in the order written: a
 * watch sees this process's consecutive versions as its own. The publishes that queue up while
 * one bump commits go together in the next one (a busy night's joins and chat lines: one KV
 * commit for many), each key bumped once per publish that names it.
 */
async function publishKeys(kv: Deno.Kv, keys: Deno.KvKey[]): Promise<void> {
  const unique = [...new Map(keys.map((key) => [topicIdOf(key), key])).values()];
  const bump: QueuedBump = { keys: unique, done: Promise.withResolvers<void>() };
  let line = waiting.get(kv);
  if (!line) waiting.set(kv, line = []);
  line.push(bump);
  if (!inTurn.has(kv)) nextTurn(kv);
  await bump.done.promise;
  await announceTopics(kv, unique);
}

/** Keys one bump commits at most (a publish naming more goes alone). */
const KEYS_PER_BUMP = 10;

/**
 * Starts the next bump with the publishes waiting, if any. A bump that hangs holds the next
 * ones up for BUMP_WAIT_MS at most, counted from its start: counted from when a publish was
 * queued, a backlog longer than that let every bump behind it run at once, and their checked
 * commits lost to each other (issue 12: hundreds of unchecked sums per second under joins, each
 * read by this process's caches as another writer's change).
 */
function nextTurn(kv: Deno.Kv): void {
  const line = waiting.get(kv);
  if (!line || line.length === 0) {
    inTurn.delete(kv);
    return;
  }
  const batch: QueuedBump[] = [];
  const ids = new Set<string>();
  while (line.length > 0) {
    const head = line[0]!;
    const more = head.keys.filter((key) => !ids.has(topicIdOf(key)));
    if (batch.length > 0 && (head.alone || ids.size + more.length > KEYS_PER_BUMP)) break;
    for (const key of more) ids.add(topicIdOf(key));
    batch.push(line.shift()!);
    if (head.alone) break;
  }
  inTurn.add(kv);
  endedOrAfter(bumpTogether(kv, batch), BUMP_WAIT_MS).then(() => nextTurn(kv));
}

/**
 * Bumps the keys of `batch` in one commit, each by the number of its publishes naming it. When
 * that commit fails, each publish goes again alone, each in a turn of its own at the front of the
 * line (under its own guard), so one failure is only its own.
 */
async function bumpTogether(kv: Deno.Kv, batch: readonly QueuedBump[]): Promise<void> {
  const counted = new Map<string, { key: Deno.KvKey; times: bigint }>();
  for (const { keys } of batch) {
    for (const key of keys) {
      const id = topicIdOf(key);
      const seen = counted.get(id);
      if (seen) seen.times++;
      else counted.set(id, { key, times: 1n });
    }
  }
  const ids = [...counted.keys()];
  const keys = [...counted.values()].map(({ key }) => key);
  const steps = [...counted.values()].map(({ times }) => times);
  holdTopics(kv, ids);
  let versions: bigint[] | null;
  try {
    versions = await bumpVersions(kv, keys, steps);
  } catch (err) {
    releaseTopics(kv, ids);
    if (batch.length === 1) batch[0]!.done.reject(err);
    else {
      for (const bump of batch) bump.alone = true;
      waiting.get(kv)?.unshift(...batch);
    }
    return;
  }
  // Committed: its publishes are done, whatever telling this process's watches meets.
  try {
    tellLocalWatches(kv, keys, steps, versions);
  } finally {
    releaseTopics(kv, ids);
    for (const { done } of batch) done.resolve();
  }
}

/** Marks topics as being bumped: their watches hold what `kv.watch` reports until released. */
function holdTopics(kv: Deno.Kv, ids: readonly string[]): void {
  let held = bumping.get(kv);
  if (!held) bumping.set(kv, held = new Map());
  for (const id of ids) held.set(id, (held.get(id) ?? 0) + 1);
}

/** Ends a bump's hold; a topic no bump holds any more has its watches report what they saw. */
function releaseTopics(kv: Deno.Kv, ids: readonly string[]): void {
  const held = bumping.get(kv);
  for (const id of ids) {
    const count = (held?.get(id) ?? 1) - 1;
    if (count > 0) {
      held!.set(id, count);
      continue;
    }
    held?.delete(id);
    for (const watch of localWatches.get(kv)?.get(id) ?? []) watch.settle();
  }
}

/** How long a bump holds this process's next ones up. */
const BUMP_WAIT_MS = 2_000;

/** Resolves when `p` settles, or after `ms`, whichever comes first. */
function endedOrAfter(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    Deno.unrefTimer(timer);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    p.then(done, done);
  });
}

/** Tries of the checked bump before falling back to an unchecked sum. */
const BUMP_TRIES = 4;

/** Per KV handle, the entry of each topic as this process's last bump left it (bounded). */
const written = new WeakMap<Deno.Kv, Map<string, Deno.KvEntryMaybe<unknown>>>();
const WRITTEN_KEPT = 10_000;

/**
 * Adds its step to each key's version in one atomic commit and returns the versions it wrote, so
 * this process knows which versions are its own. The commit checks each key is as last read; when
 * this process wrote every key last, that is its own last write (no read first), else they are
 * read. A commit that lost a race with another writer reads and tries again; after BUMP_TRIES,
 * the keys are summed (null: the versions written are unknown).
 */
async function bumpVersions(
  kv: Deno.Kv,
  keys: Deno.KvKey[],
  steps: readonly bigint[],
): Promise<bigint[] | null> {
  let known = written.get(kv);
  if (!known) written.set(kv, known = new Map());
  const ids = keys.map(topicIdOf);
  // A first try on this process's own last write does not count: it may be stale.
  let remembered: Array<Deno.KvEntryMaybe<unknown> | undefined> = ids.map((id) => known.get(id));
  for (let tries = 0; tries < BUMP_TRIES;) {
    let current: Deno.KvEntryMaybe<unknown>[];
    if (remembered.every((entry) => entry !== undefined)) {
      current = remembered as Deno.KvEntryMaybe<unknown>[];
    } else {
      tries++;
      current = await readEntries(kv, keys);
    }
    remembered = [undefined];
    const op = kv.atomic();
    const next = current.map((entry, i) => versionOf(entry.value) + steps[i]!);
    current.forEach((entry, i) => op.check(entry).set(entry.key, new Deno.KvU64(next[i]!)));
    const result = await op.commit();
    if (result.ok) {
      if (known.size + keys.length > WRITTEN_KEPT) known.clear();
      keys.forEach((key, i) => {
        const value = new Deno.KvU64(next[i]!);
        known.set(ids[i]!, { key, value, versionstamp: result.versionstamp });
      });
      return next;
    }
  }
  for (const id of ids) known.delete(id);
  const op = kv.atomic();
  keys.forEach((key, i) => op.sum(key, steps[i]!));
  if (!(await op.commit()).ok) throw new Error("Publishing realtime topics failed");
  return null;
}

/** The entries of `keys`, read ten at a time (the most one `getMany` takes). */
async function readEntries(kv: Deno.Kv, keys: Deno.KvKey[]): Promise<Deno.KvEntryMaybe<unknown>[]> {
  const entries: Deno.KvEntryMaybe<unknown>[] = [];
  for (let i = 0; i < keys.length; i += 10) {
    entries.push(...await kv.getMany<unknown[]>(keys.slice(i, i + 10)));
  }
  return entries;
}

function versionOf(value: unknown): bigint {
  return value instanceof Deno.KvU64 ? value.value : 0n;
}

/** A KV topic watch of this process, as its publishes reach it. */
interface LocalWatch {
  /** A version this process committed (`own`), or read back after committing. */
  tell(version: bigint, own?: boolean): void;
  /** A bump of the topic by this process ended: report what the watch saw meanwhile. */
  settle(): void;
}

/** This process's KV topic watches, by KV handle and topic id. */
const localWatches = new WeakMap<object, Map<string, Set<LocalWatch>>>();

/**
 * Topics this process is bumping right now, by KV handle, with how many bumps hold each (two at
 * once when one hung past the guard). Their watches hold what `kv.watch` reports until the last
 * bump ends, so the bump's own version is told as this process's own first (else a watch that
 * raced ahead would report it as any other writer's).
 */
const bumping = new WeakMap<object, Map<string, number>>();

/**
 * Tells this process's watches of `keys` their new versions as soon as this process committed
 * them, without waiting for `kv.watch` to report the commit (tens of ms on a busy process; the
 * watch still reports it, and a version already told is not told twice). The versions this
 * process wrote are told as its own, one by one for a key bumped by several publishes (each
 * follows its own change); when they are unknown they are read back, and failures are left to
 * the watch.
 */
function tellLocalWatches(
  kv: Deno.Kv,
  keys: readonly Deno.KvKey[],
  steps: readonly bigint[],
  versions: bigint[] | null,
) {
  const watches = localWatches.get(kv);
  if (!watches) return;
  if (versions) {
    keys.forEach((key, i) => {
      const last = versions[i]!;
      for (const watch of watches.get(topicIdOf(key)) ?? []) {
        for (let version = last - steps[i]! + 1n; version <= last; version++) {
          watch.tell(version, true);
        }
      }
    });
    return;
  }
  const watched = keys.filter((key) => watches.has(topicIdOf(key)));
  for (let i = 0; i < watched.length; i += 10) {
    kv.getMany<unknown[]>(watched.slice(i, i + 10)).then(
      function tellVersions(entries) {
        for (const entry of entries) {
          const version = versionOf(entry.value);
          for (const watch of watches.get(topicIdOf(entry.key)) ?? []) watch.tell(version);
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
        const ours = own && last === version - 1n;
        last = version;
        handlers.onVersion(version, ours);
      }
      const topicId = topicIdOf(topic);
      /** The latest version `kv.watch` reported while this process was bumping the topic. */
      let held: bigint | null = null;
      const local: LocalWatch = {
        tell: report,
        settle() {
          const version = held;
          held = null;
          if (version !== null) report(version);
        },
      };
      let watches = localWatches.get(kv);
      if (!watches) localWatches.set(kv, watches = new Map());
      let mine = watches.get(topicId);
      if (!mine) watches.set(topicId, mine = new Set());
      mine.add(local);
      function forgetLocal() {
        mine!.delete(local);
        if (mine!.size === 0 && watches!.get(topicId) === mine) watches!.delete(topicId);
      }
      (async function pumpKvTopic() {
        try {
          while (true) {
            const { done, value } = await reader.read();
            if (done) break;
            const version = versionOf(value[0].value);
            if (bumping.get(kv)?.has(topicId)) {
              held = held !== null && held > version ? held : version;
            } else report(version);
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
