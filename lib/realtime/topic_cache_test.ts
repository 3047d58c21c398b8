import assert from "node:assert/strict";
import { realtimeTopicKey } from "../kv/keys.ts";
import { createHub } from "./hub.ts";
import { publishTopic } from "./publish.ts";
import { createTopicCache } from "./topic_cache.ts";

const TOPIC = realtimeTopicKey("t1", "queue", "q1");

/** A load that returns how many times it ran, held open until `release()` when gated. */
function gatedLoad() {
  let n = 0;
  let gate: PromiseWithResolvers<void> | null = null;
  return {
    loads: () => n,
    hold() {
      gate = Promise.withResolvers<void>();
    },
    release() {
      gate?.resolve();
      gate = null;
    },
    async load() {
      const mine = ++n;
      if (gate) await gate.promise;
      return mine;
    },
  };
}

/** Waits until the hub has told the topic's watchers of a version above `above`. */
function nextVersion(hub: ReturnType<typeof createHub>, above: bigint) {
  return new Promise<void>((resolve) => {
    const stop = hub.watchTopic(TOPIC, (v) => {
      if (v > above) {
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}

Deno.test("a topic cache loads once, answers from memory, and loads again after a change", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const source = gatedLoad();
  const cache = createTopicCache(hub, TOPIC, source.load);
  try {
    assert.equal(await cache.read(), 1);
    assert.equal(await cache.read(), 1);
    assert.equal(cache.peek(), 1);
    assert.equal(source.loads(), 1);

    const changed = nextVersion(hub, 0n);
    await publishTopic(kv, "t1", "queue", "q1");
    await changed;
    assert.equal(cache.peek(), undefined, "stale once the change is delivered");
    assert.equal(await cache.read(), 2);

    cache.invalidate();
    assert.equal(await cache.read(), 3, "this process's own write");
  } finally {
    cache.close();
  }
});

Deno.test("a read never takes a load that began before the change it follows", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const source = gatedLoad();
  const cache = createTopicCache(hub, TOPIC, source.load);
  try {
    await cache.read();
    cache.invalidate();
    source.hold();
    const early = cache.read(); // load 2 starts, held
    cache.invalidate(); // a change after load 2 began
    const late = cache.read();
    const alsoLate = cache.read();
    source.release();
    assert.equal(await early, 2);
    assert.equal(await late, 3, "the later read waits for a load that saw the change");
    assert.equal(await alsoLate, 3, "and shares it");
    assert.equal(source.loads(), 3);
  } finally {
    cache.close();
  }
});

Deno.test("a failed load rejects its readers, and the next read tries again", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  let fail = true;
  const cache = createTopicCache(hub, TOPIC, () => {
    if (fail) return Promise.reject(new Error("database down"));
    return Promise.resolve("ok");
  });
  try {
    await assert.rejects(cache.read(), /database down/);
    fail = false;
    assert.equal(await cache.read(), "ok");
  } finally {
    cache.close();
  }
});

Deno.test("a value past its age loads again; a cache whose watch the hub ended reads through", async () => {
  using kv = await Deno.openKv(":memory:");
  const hub = createHub(kv, { heartbeatMs: 0 });
  let clock = 1_000;
  const source = gatedLoad();
  const cache = createTopicCache(hub, TOPIC, source.load, { maxAgeMs: 100, now: () => clock });
  await cache.read();
  clock += 50;
  assert.equal(await cache.read(), 1);
  clock += 100;
  assert.equal(await cache.read(), 2, "older than maxAgeMs");

  hub.close();
  assert.equal(cache.dead(), true);
  assert.equal(cache.peek(), undefined);
  assert.equal(await cache.read(), 3, "without a watch, every read loads");
  assert.equal(await cache.read(), 4);
  cache.close();
});

Deno.test("a topic cache takes this process's own change in memory only while it is fresh", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const source = gatedLoad();
  const cache = createTopicCache(hub, TOPIC, source.load);
  try {
    assert.equal(await cache.read(), 1);
    cache.update((n) => n + 100);
    assert.equal(cache.peek(), 101, "applied to the fresh value");
    assert.equal(await cache.read(), 101);
    assert.equal(source.loads(), 1, "without a load");

    cache.update(() => null);
    assert.equal(cache.peek(), undefined, "a change it cannot apply marks it stale");
    assert.equal(await cache.read(), 2);

    // A change delivered from elsewhere and not loaded yet: an own change is not applied to
    // the older value, the next read loads.
    const changed = nextVersion(hub, 0n);
    await publishTopic(kv, "t1", "queue", "q1");
    await changed;
    let applied = false;
    cache.update((n) => {
      applied = true;
      return n + 100;
    });
    assert.equal(applied, false);
    assert.equal(await cache.read(), 3);
  } finally {
    cache.close();
  }
});
