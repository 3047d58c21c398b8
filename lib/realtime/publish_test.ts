import assert from "node:assert/strict";
import { realtimeTopicKey } from "../kv/keys.ts";
import { createKvTopicSource, publishTopic, publishTopics } from "./publish.ts";

/**
 * `kv` whose atomic commits each take `delayMs` before they reach the store, counting the
 * commits that lost a check. The first commit waits for `hang` too, when given.
 */
function slowCommits(kv: Deno.Kv, delayMs: number, hang?: Promise<void>) {
  const counts = { commits: 0, lost: 0 };
  let hangs = hang;
  const slow = new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") {
        return function slowAtomic() {
          const op = target.atomic();
          const slowOp: Deno.AtomicOperation = new Proxy(op, {
            get(opTarget, opProp) {
              if (opProp === "commit") return slowCommit;
              const value = Reflect.get(opTarget, opProp, opTarget);
              if (typeof value !== "function") return value;
              return (...args: unknown[]) => {
                value.apply(opTarget, args);
                return slowOp;
              };
            },
          });
          async function slowCommit() {
            const held = hangs;
            hangs = undefined;
            if (held) await held;
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            const result = await op.commit();
            counts.commits++;
            if (!result.ok) counts.lost++;
            return result;
          }
          return slowOp;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv: slow, counts };
}

/** Watches `topic` and records each version reported, with whether it was this process's own. */
async function watchVersions(kv: Deno.Kv, topic: Deno.KvKey) {
  const reported: Array<[bigint, boolean]> = [];
  const stop = createKvTopicSource(kv).watch(topic, {
    onVersion: (version, own) => reported.push([version, own === true]),
    onError: (err) => assert.fail(String(err)),
  });
  while (reported.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return {
    own: () => reported.filter(([, ours]) => ours).map(([version]) => version),
    [Symbol.dispose]: stop,
  };
}

const ONE_TO_NINE = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n];

Deno.test("publishTopics: a backlog of bumps longer than the hang guard still commits one at a time", async () => {
  using real = await Deno.openKv(":memory:");
  // 9 bumps of 300 ms each queue 2.7 s of commits, past the 2 s a hung bump may hold the others:
  // each names the tenant's list and 9 topics of its own, too many keys to go together.
  const { kv, counts } = slowCommits(real, 300);
  const list = realtimeTopicKey("tenant-a", "queues", "all");
  using watched = await watchVersions(kv, list);
  await Promise.all(Array.from({ length: 9 }, (_, i) =>
    publishTopics(kv, "tenant-a", [
      ["queues", "all"],
      ...Array.from({ length: 9 }, (_, k) => ["queue", `q${i}-${k}`] as [string, string]),
    ])));
  assert.equal(counts.lost, 0, "no bump's checked commit lost to another of this process's");
  assert.equal(counts.commits, 9);
  assert.equal((await real.get<Deno.KvU64>(list)).value?.value, 9n);
  assert.deepEqual(watched.own(), ONE_TO_NINE, "each version told as this process's own");
});

Deno.test("publishTopic: publishes queued behind a bump go together, each version told as its own", async () => {
  using real = await Deno.openKv(":memory:");
  const { kv, counts } = slowCommits(real, 50);
  const topic = realtimeTopicKey("tenant-a", "queue", "q1");
  using watched = await watchVersions(kv, topic);
  await Promise.all(Array.from({ length: 9 }, () => publishTopic(kv, "tenant-a", "queue", "q1")));
  assert.equal(counts.commits, 2, "the first alone, the 8 queued behind it in one commit");
  assert.equal(counts.lost, 0);
  assert.equal((await real.get<Deno.KvU64>(topic)).value?.value, 9n, "bumped once per publish");
  assert.deepEqual(watched.own(), ONE_TO_NINE);
});

Deno.test("publishTopic: a bump whose commit hangs holds the next one up for a while, not for good", async () => {
  using real = await Deno.openKv(":memory:");
  const release = Promise.withResolvers<void>();
  const { kv } = slowCommits(real, 0, release.promise);
  const topic = realtimeTopicKey("tenant-a", "queue", "q1");
  const hung = publishTopic(kv, "tenant-a", "queue", "q1");
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const next = publishTopic(kv, "tenant-a", "queue", "q1").then(() => "published");
    const gaveUp = new Promise((resolve) => timer = setTimeout(resolve, 10_000, "still waiting"));
    assert.equal(await Promise.race([next, gaveUp]), "published");
    assert.equal(
      (await real.get<Deno.KvU64>(topic)).value?.value,
      1n,
      "the next bump went through",
    );
  } finally {
    clearTimeout(timer);
    release.resolve();
    await hung;
  }
  assert.equal((await real.get<Deno.KvU64>(topic)).value?.value, 2n, "the hung one, once let go");
});

Deno.test("publishTopic: a publish that fails in a merged commit fails alone", async () => {
  using real = await Deno.openKv(":memory:");
  const { kv } = slowCommits(real, 30);
  const topic = realtimeTopicKey("tenant-a", "queue", "q1");
  const first = publishTopic(kv, "tenant-a", "queue", "q1");
  // Queued behind the first: a key too long for KV between two good publishes.
  const queued = await Promise.allSettled([
    publishTopic(kv, "tenant-a", "queue", "q1"),
    publishTopic(kv, "tenant-a", "queue", "x".repeat(3000)),
    publishTopic(kv, "tenant-a", "queue", "q1"),
  ]);
  await first;
  assert.deepEqual(queued.map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
  assert.equal((await real.get<Deno.KvU64>(topic)).value?.value, 3n);
});
