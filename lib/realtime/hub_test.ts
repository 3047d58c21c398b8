import assert from "node:assert/strict";
import { realtimeTopicKey } from "../kv/keys.ts";
import { createHub } from "./hub.ts";
import { publishTopic } from "./publish.ts";
import { eventLoopTurn } from "./event_loop_turn.ts";

const HEARTBEAT_TEXT = ": hb\n\n";

function createInbox() {
  const chunks: Uint8Array[] = [];
  const decoder = new TextDecoder();
  function texts() {
    return chunks.map((chunk) => decoder.decode(chunk));
  }
  return {
    chunks,
    texts,
    send: function receive(bytes: Uint8Array) {
      chunks.push(bytes);
    },
    eventIds: function eventIds() {
      return texts().flatMap((text) => /^id: (\d+)\n/.exec(text)?.[1] ?? []);
    },
  };
}

/** A channel spec that counts its loads; `read` gets the 1-based load number. */
function trackedChannel(
  name: string,
  topic: Deno.KvKey,
  read: (load: number) => unknown = (load) => ({ load }),
) {
  const channel = {
    name,
    topic,
    loads: 0,
    load: function load() {
      channel.loads++;
      return Promise.resolve(read(channel.loads));
    },
  };
  return channel;
}

/** Wraps kv.watch to count the watches the hub has open. */
function countWatches(kv: Deno.Kv) {
  const counts = { open: 0, started: 0 };
  const watch: Deno.Kv["watch"] = function countedWatch(keys, options) {
    const reader = kv.watch(keys, options).getReader();
    counts.open++;
    counts.started++;
    return new ReadableStream({
      async pull(controller) {
        const result = await reader.read();
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel(reason) {
        counts.open--;
        return reader.cancel(reason);
      },
    });
  };
  return { counts, kv: { watch } };
}

function waitUntil(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const poll = setInterval(function pollCheck() {
      if (!check()) return;
      clearInterval(poll);
      clearTimeout(timeout);
      resolve();
    }, 2);
    const timeout = setTimeout(function giveUp() {
      clearInterval(poll);
      reject(new Error(`Timed out waiting for ${what}`));
    }, 3000);
  });
}

const TOPIC = realtimeTopicKey("tenant-a", "queue", "q1");

Deno.test("RealtimeHub.subscribe() delivers one load per change to every subscriber", async () => {
  using kv = await Deno.openKv(":memory:");
  const watches = countWatches(kv);
  using hub = createHub(watches.kv, { heartbeatMs: 0 });
  const publicView = trackedChannel("queue:public", TOPIC);
  const staffView = trackedChannel("queue:staff", TOPIC);
  const first = createInbox();
  const second = createInbox();
  const staff = createInbox();
  hub.subscribe(publicView, first.send);
  hub.subscribe(publicView, second.send);
  hub.subscribe(staffView, staff.send);
  const all = [first, second, staff];

  await waitUntil(() => all.every((inbox) => inbox.chunks.length === 1), "the snapshots");
  assert.equal(publicView.loads, 1);
  assert.strictEqual(first.chunks[0], second.chunks[0]);
  assert.equal(first.texts()[0], 'id: 0\nevent: update\ndata: {"load":1}\n\n');

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => all.every((inbox) => inbox.chunks.length === 2), "the update");
  assert.equal(publicView.loads, 2);
  assert.equal(staffView.loads, 2);
  assert.strictEqual(first.chunks[1], second.chunks[1]);
  assert.equal(first.texts()[1], 'id: 1\nevent: update\ndata: {"load":2}\n\n');
  assert.deepEqual(hub.stats(), {
    topics: 1,
    channels: 2,
    subscribers: 3,
    watchers: 0,
    heartbeat: false,
  });
  assert.equal(watches.counts.started, 1);
});

Deno.test("RealtimeHub.subscribe() merges a burst of changes into few loads", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  let openGate = () => {};
  const gate = new Promise<void>((resolve) => openGate = resolve);
  const slow = trackedChannel("queue:public", TOPIC, async (load) => {
    if (load === 2) await gate;
    return { version: String((await kv.get<Deno.KvU64>(TOPIC)).value?.value ?? 0n), load };
  });
  const probe = trackedChannel("queue:probe", TOPIC);
  const inbox = createInbox();
  const probeInbox = createInbox();
  hub.subscribe(slow, inbox.send);
  hub.subscribe(probe, probeInbox.send);
  await waitUntil(() => inbox.chunks.length === 1, "the snapshot");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => slow.loads === 2, "the first change's load");
  for (let i = 0; i < 19; i++) await publishTopic(kv, "tenant-a", "queue", "q1");
  // The probe's last event proves the hub has seen version 20 while the slow load was blocked.
  await waitUntil(() => probeInbox.eventIds().at(-1) === "20", "the probe to see version 20");
  openGate();

  await waitUntil(() => inbox.eventIds().at(-1) === "20", "the final version");
  assert.equal(slow.loads, 3);
  assert.deepEqual(inbox.eventIds(), ["0", "1", "20"]);
  assert.match(inbox.texts().at(-1) ?? "", /data: \{"version":"20","load":3\}\n\n$/);
  assert.ok(probe.loads <= 21);
});

Deno.test("RealtimeHub.subscribe() sends the current snapshot unless lastEventId is current", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  await publishTopic(kv, "tenant-a", "queue", "q1");
  const channel = trackedChannel("queue:public", TOPIC);
  const first = createInbox();
  const resumedCold = createInbox();
  hub.subscribe(channel, resumedCold.send, { lastEventId: "1" });
  hub.subscribe(channel, first.send);
  await waitUntil(() => first.chunks.length === 1, "the first snapshot");
  assert.deepEqual(first.eventIds(), ["1"]);
  assert.equal(resumedCold.chunks.length, 0);

  const late = createInbox();
  const stale = createInbox();
  const resumed = createInbox();
  hub.subscribe(channel, late.send);
  hub.subscribe(channel, stale.send, { lastEventId: "0" });
  hub.subscribe(channel, resumed.send, { lastEventId: "1" });
  // Sent synchronously from the channel's cache: no second load.
  assert.strictEqual(late.chunks[0], first.chunks[0]);
  assert.strictEqual(stale.chunks[0], first.chunks[0]);
  assert.equal(resumed.chunks.length, 0);
  assert.equal(channel.loads, 1);

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => resumed.chunks.length === 1, "the next change");
  assert.deepEqual(resumed.eventIds(), ["2"]);
  assert.deepEqual(resumedCold.eventIds(), ["2"]);
  assert.deepEqual(late.eventIds(), ["1", "2"]);
});

Deno.test("RealtimeHub.subscribe() sends nothing for a change its view does not show", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  // Loads 2 and 3 show the same thing as load 1 (e.g. a reminder sent to one customer).
  const channel = trackedChannel("queue:public", TOPIC, (load) => ({ shown: load < 4 ? 1 : 4 }));
  const watching = createInbox();
  hub.subscribe(channel, watching.send);
  await waitUntil(() => watching.chunks.length === 1, "the snapshot");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => channel.loads === 2, "the change's load");
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => channel.loads === 3, "the next change's load");
  assert.deepEqual(watching.eventIds(), ["0"]);

  // A page that resumes from the first event, or opens now, is told the current version.
  const resumedOld = createInbox();
  const opened = createInbox();
  const resumedCurrent = createInbox();
  hub.subscribe(channel, resumedOld.send, { lastEventId: "0" });
  hub.subscribe(channel, opened.send);
  hub.subscribe(channel, resumedCurrent.send, { lastEventId: "2" });
  assert.deepEqual(resumedOld.eventIds(), ["2"]);
  assert.deepEqual(opened.eventIds(), ["2"]);
  assert.equal(resumedCurrent.chunks.length, 0);

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => watching.chunks.length === 2, "a change it shows");
  assert.deepEqual(watching.eventIds(), ["0", "3"]);
  assert.match(watching.texts()[1] ?? "", /data: \{"shown":4\}/);
  for (const inbox of [resumedOld, opened, resumedCurrent]) {
    assert.equal(inbox.eventIds().at(-1), "3");
  }
});

/** A channel that answers from memory (previewed), as the customers' and the board's are. */
function memoryChannel(read: (load: number) => unknown, inMemory: () => boolean = () => true) {
  return Object.assign(trackedChannel("queue:public", TOPIC, read), { inMemory });
}

Deno.test("RealtimeHub.preview() sends a memory view's change before its version", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  // The process's memory: what a committed change here already shows.
  let shown = 1;
  const memory = memoryChannel(() => ({ shown }));
  const fromDb = trackedChannel("queue:display", TOPIC, () => ({ shown }));
  const page = createInbox();
  const screen = createInbox();
  hub.subscribe(memory, page.send);
  hub.subscribe(fromDb, screen.send);
  await waitUntil(() => page.chunks.length === 1 && screen.chunks.length === 1, "snapshots");

  // Nothing changed: a preview sends nothing.
  hub.preview(TOPIC);
  await waitUntil(() => memory.loads === 2, "the preview's load");
  assert.equal(page.chunks.length, 1);

  shown = 2;
  hub.preview(TOPIC);
  await waitUntil(() => page.chunks.length === 2, "the preview");
  assert.equal(page.texts()[1], 'event: update\ndata: {"shown":2}\n\n', "sent without an id");
  assert.equal(fromDb.loads, 1, "a channel that reads the database waits for the version");
  // A page that opens now, or resumes from the last id it had, gets the previewed state too.
  const opened = createInbox();
  const resumed = createInbox();
  hub.subscribe(memory, opened.send);
  hub.subscribe(memory, resumed.send, { lastEventId: "0" });
  assert.match(opened.texts()[0] ?? "", /"shown":2/);
  assert.match(resumed.texts()[0] ?? "", /"shown":2/);

  // The version that follows sends the memory view nothing more, and the other view its change.
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => screen.chunks.length === 2, "the version");
  assert.equal(memory.loads, 4, "one load for the version, none for pages that opened");
  assert.equal(page.chunks.length, 2);
  assert.deepEqual(screen.eventIds(), ["0", "1"]);
  // Resuming at that version is current; resuming at the one before gets the snapshot once.
  const current = createInbox();
  const behind = createInbox();
  hub.subscribe(memory, current.send, { lastEventId: "1" });
  hub.subscribe(memory, behind.send, { lastEventId: "0" });
  assert.equal(current.chunks.length, 0);
  assert.deepEqual(behind.eventIds(), ["1"]);
});

Deno.test("RealtimeHub.preview() twice before the versions: each change is sent once", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  let shown = 1;
  let inMemory = true;
  const memory = memoryChannel(() => ({ shown }), () => inMemory);
  const page = createInbox();
  hub.subscribe(memory, page.send);
  await waitUntil(() => page.chunks.length === 1, "the snapshot");

  // Two commits in a row, each previewed before either version is written.
  shown = 2;
  hub.preview(TOPIC);
  await waitUntil(() => page.chunks.length === 2, "the first preview");
  shown = 3;
  hub.preview(TOPIC);
  await waitUntil(() => page.chunks.length === 3, "the second preview");
  assert.match(page.texts()[2] ?? "", /"shown":3/);
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => memory.loads === 5, "both versions' loads");
  assert.equal(page.chunks.length, 3, "the versions show nothing new");

  // A model that is not current in memory waits for the version instead of loading twice.
  inMemory = false;
  shown = 4;
  hub.preview(TOPIC);
  assert.equal(memory.loads, 5);
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => page.chunks.length === 4, "the version");
  assert.deepEqual(page.eventIds(), ["0", "3"]);
  assert.match(page.texts()[3] ?? "", /"shown":4/);
});

Deno.test("RealtimeHub.preview() then a failed load: the next page to open retries it", async () => {
  using kv = await Deno.openKv(":memory:");
  const errors: unknown[] = [];
  using hub = createHub(kv, { heartbeatMs: 0, onError: (err) => errors.push(err) });
  let shown = 1;
  let failing = false;
  const memory = memoryChannel(() => {
    if (failing) throw new Error("database gone");
    return { shown };
  });
  const page = createInbox();
  hub.subscribe(memory, page.send);
  await waitUntil(() => page.chunks.length === 1, "the snapshot");
  shown = 2;
  hub.preview(TOPIC);
  await waitUntil(() => page.chunks.length === 2, "the preview");
  // Another process's change arrives and its load fails.
  failing = true;
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => errors.length === 1, "the failed load");
  failing = false;
  shown = 3;
  const opened = createInbox();
  hub.subscribe(memory, opened.send);
  await waitUntil(() => opened.eventIds().includes("1"), "a load for the new page");
  assert.match(opened.texts().at(-1) ?? "", /"shown":3/);
  assert.match(page.texts().at(-1) ?? "", /"shown":3/);
});

Deno.test("RealtimeHub.subscribe() returns an unsubscribe that stops the last watch", async () => {
  using kv = await Deno.openKv(":memory:");
  const watches = countWatches(kv);
  using hub = createHub(watches.kv, { heartbeatMs: 0 });
  const channel = trackedChannel("queue:public", TOPIC);
  const first = createInbox();
  const second = createInbox();
  const stopFirst = hub.subscribe(channel, first.send);
  const stopSecond = hub.subscribe(channel, second.send);
  await waitUntil(() => second.chunks.length === 1, "the snapshot");

  stopFirst();
  assert.deepEqual(hub.stats(), {
    topics: 1,
    channels: 1,
    subscribers: 1,
    watchers: 0,
    heartbeat: false,
  });
  assert.equal(watches.counts.open, 1);
  stopSecond();
  stopSecond();
  assert.deepEqual(hub.stats(), {
    topics: 0,
    channels: 0,
    subscribers: 0,
    watchers: 0,
    heartbeat: false,
  });
  await waitUntil(() => watches.counts.open === 0, "the watch to be cancelled");

  const again = createInbox();
  const stopAgain = hub.subscribe(channel, again.send);
  await waitUntil(() => again.chunks.length === 1, "a snapshot after resubscribing");
  assert.equal(watches.counts.started, 2);
  assert.deepEqual(hub.stats(), {
    topics: 1,
    channels: 1,
    subscribers: 1,
    watchers: 0,
    heartbeat: false,
  });
  stopAgain();
  await waitUntil(() => watches.counts.open === 0, "the second watch to be cancelled");
});

Deno.test("RealtimeHub.subscribe() never delivers one tenant's topic to another", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const tenantA = trackedChannel("queue:public", TOPIC, (load) => ({ tenant: "a", load }));
  const topicB = realtimeTopicKey("tenant-b", "queue", "q1");
  const tenantB = trackedChannel("queue:public", topicB, (load) => ({ tenant: "b", load }));
  const inboxA = createInbox();
  const inboxB = createInbox();
  hub.subscribe(tenantA, inboxA.send);
  hub.subscribe(tenantB, inboxB.send);
  await waitUntil(() => inboxA.chunks.length === 1 && inboxB.chunks.length === 1, "snapshots");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => inboxA.eventIds().at(-1) === "2", "tenant A's updates");
  await publishTopic(kv, "tenant-b", "queue", "q1");
  await waitUntil(() => inboxB.chunks.length === 2, "tenant B's update");

  assert.deepEqual(inboxB.eventIds(), ["0", "1"]);
  assert.equal(tenantB.loads, 2);
  assert.ok(inboxB.texts().every((text) => text.includes('{"tenant":"b",')));
  assert.ok(inboxA.texts().every((text) => text.includes('{"tenant":"a",')));
  assert.equal(inboxA.eventIds().at(-1), "2");
});

Deno.test("RealtimeHub.subscribe() reports a failed load and keeps serving", async () => {
  using kv = await Deno.openKv(":memory:");
  const errors: unknown[] = [];
  using hub = createHub(kv, { heartbeatMs: 0, onError: (err) => errors.push(err) });
  const channel = trackedChannel("queue:public", TOPIC, (load) => {
    if (load === 2) throw new Error("Database is down");
    return { load };
  });
  const inbox = createInbox();
  hub.subscribe(channel, inbox.send);
  await waitUntil(() => inbox.chunks.length === 1, "the snapshot");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => errors.length === 1, "the load error");
  assert.equal((errors[0] as Error).message, "Database is down");
  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => inbox.chunks.length === 2, "the next update");
  assert.deepEqual(inbox.eventIds(), ["0", "2"]);
  assert.equal(hub.stats().subscribers, 1);
});

Deno.test("RealtimeHub heartbeat reaches subscribers and stops with the last one", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 5 });
  assert.equal(hub.stats().heartbeat, false);
  const first = createInbox();
  const second = createInbox();
  const stopFirst = hub.subscribe(trackedChannel("queue:public", TOPIC), first.send);
  const otherTopic = realtimeTopicKey("tenant-a", "queue", "q2");
  const stopSecond = hub.subscribe(trackedChannel("queue:public", otherTopic), second.send);
  assert.equal(hub.stats().heartbeat, true);

  await waitUntil(
    () => [first, second].every((inbox) => inbox.texts().includes(HEARTBEAT_TEXT)),
    "heartbeats",
  );
  await waitUntil(() => first.eventIds().length === 1 && second.eventIds().length === 1, "loads");
  stopFirst();
  assert.equal(hub.stats().heartbeat, true);
  stopSecond();
  // Deno 2.9's test sanitizer does not report a leaked interval, so check the timer directly.
  assert.deepEqual(hub.stats(), {
    topics: 0,
    channels: 0,
    subscribers: 0,
    watchers: 0,
    heartbeat: false,
  });
});

Deno.test("RealtimeHub.close() ends every subscriber and stops its watches", async () => {
  using kv = await Deno.openKv(":memory:");
  const watches = countWatches(kv);
  const hub = createHub(watches.kv, { heartbeatMs: 1000 });
  const inbox = createInbox();
  let closedCalls = 0;
  const channel = trackedChannel("queue:public", TOPIC);
  hub.subscribe(channel, inbox.send, { onClose: () => closedCalls++ });
  await waitUntil(() => inbox.chunks.length === 1, "the snapshot");

  hub.close();
  assert.equal(closedCalls, 1);
  assert.deepEqual(hub.stats(), {
    topics: 0,
    channels: 0,
    subscribers: 0,
    watchers: 0,
    heartbeat: false,
  });
  await waitUntil(() => watches.counts.open === 0, "the watch to be cancelled");
  assert.throws(() => hub.subscribe(channel, inbox.send), /Realtime hub is closed/);
});

Deno.test("RealtimeHub.watchTopic() reports versions through the topic's one shared watch", async () => {
  using kv = await Deno.openKv(":memory:");
  const watches = countWatches(kv);
  using hub = createHub(watches.kv, { heartbeatMs: 0 });
  const key = ["session_revoked", "s1"];
  const first: bigint[] = [];
  const second: bigint[] = [];
  const stopFirst = hub.watchTopic(key, (version) => first.push(version));
  const stopSecond = hub.watchTopic(key, (version) => second.push(version));
  const inbox = createInbox();
  const unsubscribe = hub.subscribe(trackedChannel("view", key), inbox.send);
  await waitUntil(() => first.length === 1 && second.length === 1, "the current versions");
  assert.deepEqual(first, [0n], "an unset key is version 0");
  assert.deepEqual(hub.stats(), {
    topics: 1,
    channels: 1,
    subscribers: 1,
    watchers: 2,
    heartbeat: false,
  });

  await kv.set(key, new Deno.KvU64(1n));
  await waitUntil(() => first.length === 2 && second.length === 2, "the new version");
  assert.deepEqual(second, [0n, 1n]);
  const late: bigint[] = [];
  const stopLate = hub.watchTopic(key, (version) => late.push(version));
  assert.deepEqual(late, [1n], "a late watcher is told the known version at once");
  assert.equal(watches.counts.started, 1);

  stopFirst();
  stopSecond();
  stopLate();
  stopLate();
  assert.equal(watches.counts.open, 1, "the channel still needs the watch");
  unsubscribe();
  assert.deepEqual(hub.stats(), {
    topics: 0,
    channels: 0,
    subscribers: 0,
    watchers: 0,
    heartbeat: false,
  });
  await waitUntil(() => watches.counts.open === 0, "the watch to be cancelled");
});

Deno.test("RealtimeHub.close() ends topic watchers too", async () => {
  using kv = await Deno.openKv(":memory:");
  const hub = createHub(kv, { heartbeatMs: 0 });
  const versions: bigint[] = [];
  let closedCalls = 0;
  hub.watchTopic(["session_revoked", "s2"], (version) => versions.push(version), {
    onClose: () => closedCalls++,
  });
  await waitUntil(() => versions.length === 1, "the current version");
  hub.close();
  assert.equal(closedCalls, 1);
  assert.equal(hub.stats().watchers, 0);
  assert.throws(
    () => hub.watchTopic(["session_revoked", "s2"], () => {}),
    /Realtime hub is closed/,
  );
});

Deno.test("RealtimeHub hears of a change this process published without waiting for kv.watch", async () => {
  using real = await Deno.openKv(":memory:");
  // A watch that reports the current version and then lags behind for good.
  function laggingWatch(keys: Deno.KvKey[]) {
    const reader = real.watch(keys).getReader();
    let reported = false;
    return new ReadableStream({
      async pull(controller) {
        if (reported) return await new Promise<void>(() => {});
        reported = true;
        const { value } = await reader.read();
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
  }
  const kv = new Proxy(real, {
    get(target, prop) {
      if (prop === "watch") return laggingWatch;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  using hub = createHub(kv, { heartbeatMs: 0 });
  const channel = trackedChannel("queue:public", TOPIC);
  const inbox = createInbox();
  const unsubscribe = hub.subscribe(channel, inbox.send);
  await waitUntil(() => inbox.chunks.length === 1, "the snapshot");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  await waitUntil(() => inbox.chunks.length === 2, "the update");
  assert.deepEqual(inbox.eventIds(), ["0", "1"]);
  unsubscribe();
});

Deno.test("RealtimeHub fans a change to many pages in slices: other work runs between, each page gets it once", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const channel = trackedChannel("queue:public", TOPIC);
  const PAGES = 1_200;
  /** Each page's events, and when (in the order of all that happened) it got the update. */
  const received = Array.from({ length: PAGES }, () => [] as string[]);
  const order: string[] = [];
  const late: string[] = [];
  const unsubscribes: Array<() => void> = received.map((events, i) =>
    hub.subscribe(channel, (bytes) => {
      const id = /^id: (\d+)/.exec(new TextDecoder().decode(bytes))?.[1] ?? "preview";
      events.push(id);
      if (id !== "1") return;
      order.push(`page ${i}`);
      // Work that arrives once the fan-out has started (a request read from its socket) runs
      // before the fan-out ends.
      if (i !== 0) return;
      eventLoopTurn().then(() => {
        order.push("other work");
        // Between two slices: a page that opens gets the update once, as its snapshot, and
        // the last page, closed before its turn, is sent nothing more.
        hub.subscribe(channel, (bytes) => late.push(new TextDecoder().decode(bytes)));
        unsubscribes[PAGES - 1]!();
      });
    })
  );
  await waitUntil(() => received.every((events) => events.length === 1), "the snapshots");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  const open = received.slice(0, -1);
  await waitUntil(() => open.every((events) => events.length === 2), "every page's update");
  assert.deepEqual(open.filter((events) => events.join() !== "0,1"), []);
  assert.deepEqual(received.at(-1), ["0"]);
  const other = order.indexOf("other work");
  assert.ok(other > 0 && other < order.length - 1, `other work ran at ${other} of ${order.length}`);
  assert.equal(late.length, 1);
  assert.match(late[0]!, /^id: 1\n/);
  for (const unsubscribe of unsubscribes) unsubscribe();
});

Deno.test("RealtimeHub sends heartbeats to many pages in slices too", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 20 });
  const channel = trackedChannel("queue:public", TOPIC);
  const order: string[] = [];
  const unsubscribes = Array.from({ length: 1_200 }, (_, i) =>
    hub.subscribe(channel, (bytes) => {
      if (new TextDecoder().decode(bytes) !== HEARTBEAT_TEXT || order.includes(`page ${i}`)) return;
      order.push(`page ${i}`);
      if (i === 0) eventLoopTurn().then(() => order.push("other work"));
    }));
  await waitUntil(() => order.filter((o) => o.startsWith("page")).length === 1_200, "heartbeats");
  const other = order.indexOf("other work");
  assert.ok(other > 0 && other < order.length - 1, `other work ran at ${other} of ${order.length}`);
  for (const unsubscribe of unsubscribes) unsubscribe();
});
