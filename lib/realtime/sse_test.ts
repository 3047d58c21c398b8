import assert from "node:assert/strict";
import { realtimeTopicKey } from "../kv/keys.ts";
import { type ChannelSpec, createHub } from "./hub.ts";
import { publishTopic } from "./publish.ts";
import { sseResponse } from "./sse.ts";

const TOPIC = realtimeTopicKey("tenant-a", "queue", "q1");

function queueChannel(data: unknown = { waiting: 3 }): ChannelSpec {
  return {
    name: "queue:public",
    topic: TOPIC,
    load: function loadQueue() {
      return Promise.resolve(data);
    },
  };
}

/** A queue whose line grows by one with every load: each change shows. */
function growingQueueChannel(): ChannelSpec {
  let waiting = 2;
  return { ...queueChannel(), load: () => Promise.resolve({ waiting: ++waiting }) };
}

/** Reads until the received text contains `needle` (chunks may merge over HTTP). */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  needle: string,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  let timeout: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timeout = setTimeout(() => reject(new Error(`Timed out waiting for ${needle}`)), 3000);
  });
  try {
    while (!text.includes(needle)) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) throw new Error(`Stream ended before ${needle}; got ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    return text;
  } finally {
    clearTimeout(timeout);
  }
}

async function readToEnd(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (true) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
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

Deno.test("sseResponse() streams retry, the snapshot, then updates", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  await publishTopic(kv, "tenant-a", "queue", "q1");
  const response = sseResponse(hub, growingQueueChannel(), { retryMs: 1000 });
  assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
  assert.equal(response.headers.get("cache-control"), "no-cache, no-transform");
  assert.equal(response.headers.get("x-accel-buffering"), "no");
  const reader = response.body!.getReader();

  assert.equal(await readUntil(reader, "\n\n"), "retry: 1000\n\n");
  assert.equal(
    await readUntil(reader, "\n\n"),
    'id: 1\nevent: update\ndata: {"waiting":3}\n\n',
  );
  await publishTopic(kv, "tenant-a", "queue", "q1");
  assert.equal(await readUntil(reader, "\n\n"), 'id: 2\nevent: update\ndata: {"waiting":4}\n\n');

  await reader.cancel();
  assert.equal(hub.stats().subscribers, 0);
});

Deno.test("sseResponse() resumes from lastEventId without repeating the snapshot", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  await publishTopic(kv, "tenant-a", "queue", "q1");
  const reader = sseResponse(hub, growingQueueChannel(), { lastEventId: "1" }).body!
    .getReader();
  assert.equal(await readUntil(reader, "\n\n"), "retry: 3000\n\n");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  assert.match(await readUntil(reader, "\n\n"), /^id: 2\n/);
  await reader.cancel();
});

Deno.test("sseResponse() ends the stream and unsubscribes when the signal aborts", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const abort = new AbortController();
  const reader = sseResponse(hub, queueChannel(), { signal: abort.signal }).body!.getReader();
  await readUntil(reader, "event: update");
  assert.equal(hub.stats().subscribers, 1);

  abort.abort();
  assert.deepEqual(await reader.read(), { done: true, value: undefined });
  assert.deepEqual(hub.stats(), {
    topics: 0,
    channels: 0,
    subscribers: 0,
    watchers: 0,
    heartbeat: false,
  });

  const aborted = sseResponse(hub, queueChannel(), { signal: AbortSignal.abort() });
  assert.equal(await readToEnd(aborted.body!.getReader()), "retry: 3000\n\n");
  assert.equal(hub.stats().subscribers, 0);
});

Deno.test("sseResponse() closes the stream of a client that stops reading", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const channel = queueChannel({ note: "x".repeat(2000) });
  const response = sseResponse(hub, channel, { maxBufferedBytes: 1024 });
  await waitUntil(() => hub.stats().subscribers === 0, "the stalled client to be dropped");

  const text = await readToEnd(response.body!.getReader());
  assert.match(text, /^retry: 3000\n\nid: 0\nevent: update\ndata: \{"note":"x+"\}\n\n$/);
});

Deno.test("sseResponse() ends the stream when the hub closes", async () => {
  using kv = await Deno.openKv(":memory:");
  const hub = createHub(kv, { heartbeatMs: 0 });
  const reader = sseResponse(hub, queueChannel()).body!.getReader();
  await readUntil(reader, "event: update");
  hub.close();
  const hint = (await readToEnd(reader)).match(/^retry: (\d+)\n\n$/);
  assert.ok(hint, "a last retry hint, then the end");
  const retryMs = Number(hint[1]);
  assert.ok(retryMs >= 3000 && retryMs < 6000, `reconnects are spread over 3-6 s: ${retryMs}`);

  const late = sseResponse(hub, queueChannel());
  assert.match(await readToEnd(late.body!.getReader()), /^retry: 3000\n\nretry: \d+\n\n$/);
});

Deno.test("sseResponse() serves HTTP clients and unsubscribes when one disconnects", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    function handleSse(request) {
      const lastEventId = request.headers.get("last-event-id");
      return sseResponse(hub, growingQueueChannel(), { lastEventId });
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}/`;
  const first = (await fetch(url)).body!.getReader();
  const second = (await fetch(url, { headers: { "last-event-id": "0" } })).body!.getReader();
  assert.match(await readUntil(first, "id: 0\n"), /^retry: 3000\n\nid: 0\nevent: update\n/);
  assert.equal(await readUntil(second, "\n\n"), "retry: 3000\n\n");

  await publishTopic(kv, "tenant-a", "queue", "q1");
  assert.match(await readUntil(first, "id: 1\n"), /^id: 1\nevent: update\ndata: \{"waiting":4\}/);
  assert.match(await readUntil(second, "id: 1\n"), /^id: 1\nevent: update\ndata: \{"waiting":4\}/);

  await first.cancel();
  await waitUntil(() => hub.stats().subscribers === 1, "the server to see the disconnect");
  await second.cancel();
  await waitUntil(() => hub.stats().subscribers === 0, "the second disconnect");
});

Deno.test("sseResponse() ends the stream after maxLifetimeMs and unsubscribes", async () => {
  const kv = await Deno.openKv(":memory:");
  const hub = createHub(kv, { heartbeatMs: 0 });
  try {
    const channel = {
      name: "life",
      topic: realtimeTopicKey("t", "queue", "life"),
      load: () => Promise.resolve({}),
    };
    const res = sseResponse(hub, channel, { maxLifetimeMs: 50 });
    const reader = res.body!.getReader();
    let done = false;
    const deadline = Date.now() + 2_000;
    while (!done && Date.now() < deadline) done = (await reader.read()).done;
    assert.equal(done, true);
    assert.equal(hub.stats().subscribers, 0);
  } finally {
    hub.close();
    kv.close();
  }
});

Deno.test("sseResponse() ends the stream once its endWhenSet topic is set", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  const revoked = ["session_revoked", "s1"];
  const kept = ["session_revoked", "s2"];
  const channel = growingQueueChannel();
  const ending = sseResponse(hub, channel, { endWhenSet: revoked }).body!.getReader();
  const staying = sseResponse(hub, channel, { endWhenSet: kept }).body!.getReader();
  await readUntil(ending, "event: update");
  await readUntil(staying, "event: update");
  assert.equal(hub.stats().watchers, 2);

  await kv.set(revoked, new Deno.KvU64(1n));
  assert.equal(await readToEnd(ending), "");
  await publishTopic(kv, "tenant-a", "queue", "q1");
  assert.match(await readUntil(staying, "id: 1\n"), /event: update/);
  assert.deepEqual(hub.stats(), {
    topics: 2,
    channels: 1,
    subscribers: 1,
    watchers: 1,
    heartbeat: false,
  });

  const refused = sseResponse(hub, queueChannel(), { endWhenSet: revoked });
  assert.equal(await readToEnd(refused.body!.getReader()), "retry: 3000\n\n");
  await staying.cancel();
  assert.deepEqual(hub.stats(), {
    topics: 0,
    channels: 0,
    subscribers: 0,
    watchers: 0,
    heartbeat: false,
  });
});

Deno.test("sseResponse() ends the stream when a recheck is refused or fails", async () => {
  using kv = await Deno.openKv(":memory:");
  using hub = createHub(kv, { heartbeatMs: 0 });
  for (
    const stillAllowed of [() => Promise.resolve(false), () => Promise.reject(new Error("KV down"))]
  ) {
    let checks = 0;
    const reader = sseResponse(hub, queueChannel(), {
      recheckMs: 5,
      stillAllowed: () => {
        checks++;
        return checks < 3 ? Promise.resolve(true) : stillAllowed();
      },
    }).body!.getReader();
    assert.match(await readToEnd(reader), /^retry: 3000\n\nid: 0\nevent: update\n/);
    assert.equal(checks, 3);
    assert.equal(hub.stats().subscribers, 0);
  }
});
