import assert from "node:assert/strict";
import webpush from "web-push";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { createPushChannel } from "../lib/notify/push_channel.ts";
import { listPushSubscriptions } from "../lib/push/push_subscription_repo.ts";
import { firstQueueId, islandProps, jsonPost, type Page, staffCookie } from "./helpers/forms.ts";
import { startPushService } from "./helpers/push_service.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const VAPID = webpush.generateVAPIDKeys();
const ENV = {
  VAPID_PUBLIC_KEY: VAPID.publicKey,
  VAPID_PRIVATE_KEY: VAPID.privateKey,
  VAPID_SUBJECT: "mailto:push-test@demo.test",
  PUSH_ENDPOINT_ALLOW: "127.0.0.1",
  OUTBOX_RETRY_BASE_MS: "1",
  RATE_LIMIT_JOIN_PER_MINUTE: "1000",
};

interface Joined {
  id: string;
  sessionId: string;
  ticketNumber: string;
}

async function join(app: TestApp, phone: string): Promise<Joined> {
  const queueId = await firstQueueId(app, DEMO);
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: "Pat Push",
    customerPhone: phone,
    partySize: 2,
  });
  assert.equal(res.status, 201);
  return (await res.json()).entry;
}

async function call(app: TestApp, entry: Joined): Promise<void> {
  const queueId = await firstQueueId(app, DEMO);
  const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entry.id}`, {}, {
    headers: { cookie: staff },
  });
  assert.equal(res.status, 200);
}

function subscribe(app: TestApp, base: string, sessionId: string, subscription: unknown) {
  return jsonPost(app, `${base}/api/queue/push/subscribe`, { sessionId, subscription });
}

async function tenantId(app: TestApp, slug: string): Promise<string> {
  return (await app.deps.tenants.lookup({ kind: "subdomain", slug }))!.id;
}

function savedFor(app: TestApp, tenant: string, entryId: string) {
  return withTenant(app.deps.db, tenant, (trx) => listPushSubscriptions(trx, entryId));
}

/** Runs the dispatcher until nothing is due now (a retry waits OUTBOX_RETRY_BASE_MS = 1 ms). */
async function deliverDue(app: TestApp): Promise<void> {
  await app.deps.dispatcher.runOnce();
}

Deno.test("push subscribe: saved for the ticket's entry, refused for other hosts, unknown or foreign tickets", async () => {
  const push = startPushService();
  const app = await startTestApp(ENV, { startDispatcher: false });
  try {
    const entry = await join(app, "0123450001");
    const sub = await push.subscribe();

    const ok = await subscribe(app, DEMO, entry.sessionId, sub);
    assert.equal(ok.status, 201);
    assert.match((await ok.json()).subscription.id, /^[0-9a-f-]{36}$/);
    // The same browser again refreshes its row instead of adding one.
    assert.equal((await subscribe(app, DEMO, entry.sessionId, sub)).status, 201);
    const demo = await tenantId(app, "demo");
    const cafe = await tenantId(app, "cafe");
    const rows = await savedFor(app, demo, entry.id);
    assert.deepEqual(rows.map((r) => r.endpoint), [sub.endpoint]);
    assert.deepEqual(await savedFor(app, cafe, entry.id), [], "the other tenant sees no row");

    const elsewhere = await subscribe(app, DEMO, entry.sessionId, {
      ...sub,
      endpoint: "https://attacker.example/collect",
    });
    assert.equal(elsewhere.status, 422);
    const body = await elsewhere.json();
    assert.equal(body.code, "invalid_input");
    assert.equal(body.fields["subscription.endpoint"], "Not a known push service");

    const badKey = await subscribe(app, DEMO, entry.sessionId, {
      ...sub,
      keys: { ...sub.keys, p256dh: "AAAA" },
    });
    assert.equal(badKey.status, 422);
    assert.equal(
      (await badKey.json()).fields["subscription.keys.p256dh"],
      "Not a P-256 public key",
    );

    const unknown = await subscribe(app, DEMO, "x".repeat(32), sub);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error, "No queue entry found for this link");

    // Another tenant's host does not know this ticket, and saves nothing.
    const foreign = await subscribe(app, CAFE, entry.sessionId, await push.subscribe());
    assert.equal(foreign.status, 404);
    assert.equal((await savedFor(app, demo, entry.id)).length, 1);
    assert.deepEqual(push.rejected, []);
  } finally {
    await app.close();
    await push.close();
  }
});

Deno.test("push: staff calls, the push service gets one VAPID-signed, encrypted notice", async () => {
  const push = startPushService();
  const app = await startTestApp(ENV, { startDispatcher: false });
  try {
    const entry = await join(app, "0123450002");
    await deliverDue(app); // entry.joined: no subscription yet, nothing to send
    assert.equal(push.attempts(), 0);
    assert.equal((await subscribe(app, DEMO, entry.sessionId, await push.subscribe())).status, 201);

    await call(app, entry);
    await deliverDue(app);
    const [got] = await push.waitFor(1);
    assert.deepEqual(push.rejected, []);
    assert.equal(got!.vapidKey, VAPID.publicKey);
    assert.equal(got!.claims.sub, "mailto:push-test@demo.test");
    assert.equal(got!.claims.aud, push.origin);
    assert.equal(got!.urgency, "high");
    const payload = JSON.parse(got!.text);
    assert.equal(payload.title, `It's your turn: ${entry.ticketNumber}`);
    assert.match(
      payload.body,
      new RegExp(`^Demo Bistro: it's your turn! Ticket ${entry.ticketNumber}, please come`),
    );
    assert.match(
      payload.url,
      new RegExp(`^http://demo\\.localhost(:\\d+)?/queue/status/${entry.sessionId}$`),
    );
    assert.equal(payload.tag, `entry-${entry.id}`);

    // Delivered once: the event is done and a further round sends nothing.
    await deliverDue(app);
    assert.equal(push.attempts(), 1);
    assert.deepEqual(await app.deps.dispatcher.stats(), {
      pending: 0,
      dead: 0,
      oldestPendingMs: 0,
    });
  } finally {
    await app.close();
    await push.close();
  }
});

Deno.test("push: a 410 from the push service deletes the subscription, without a retry", async () => {
  const push = startPushService();
  const app = await startTestApp(ENV, { startDispatcher: false });
  try {
    const entry = await join(app, "0123450003");
    assert.equal((await subscribe(app, DEMO, entry.sessionId, await push.subscribe())).status, 201);
    push.failNext(1, 410);
    await deliverDue(app); // entry.joined: the browser has unsubscribed
    assert.equal(push.attempts(), 1);
    const demo = await tenantId(app, "demo");
    assert.deepEqual(await savedFor(app, demo, entry.id), []);
    assert.deepEqual(await app.deps.dispatcher.stats(), {
      pending: 0,
      dead: 0,
      oldestPendingMs: 0,
    });

    await call(app, entry);
    await deliverDue(app);
    assert.equal(push.attempts(), 1, "nothing is sent to a subscription that is gone");
    assert.equal(push.received.length, 0);
  } finally {
    await app.close();
    await push.close();
  }
});

Deno.test("push: a 500 from the push service is retried by the outbox until it is taken", async () => {
  const push = startPushService();
  const app = await startTestApp(ENV, { startDispatcher: false });
  try {
    const entry = await join(app, "0123450004");
    await deliverDue(app);
    assert.equal((await subscribe(app, DEMO, entry.sessionId, await push.subscribe())).status, 201);
    push.failNext(2, 500);
    await call(app, entry);
    await deliverDue(app);
    assert.equal(push.attempts(), 1);
    assert.equal(push.received.length, 0);
    const pending = await app.deps.dispatcher.stats();
    assert.equal(pending.pending, 1, "the call's push is still pending after a 500");

    let rounds = 0;
    while (push.received.length === 0 && rounds++ < 50) {
      await new Promise((r) => setTimeout(r, 5));
      await deliverDue(app);
    }
    assert.equal(push.attempts(), 3, "two refused tries, then the one that went");
    assert.equal(push.received.length, 1);
    assert.equal(JSON.parse(push.received[0]!.text).title, `It's your turn: ${entry.ticketNumber}`);
    assert.deepEqual(await app.deps.dispatcher.stats(), {
      pending: 0,
      dead: 0,
      oldestPendingMs: 0,
    });
  } finally {
    await app.close();
    await push.close();
  }
});

Deno.test("push channel: a push service that does not answer in PUSH_TIMEOUT_MS is a failure to retry", async () => {
  const push = startPushService();
  const app = await startTestApp({ ...ENV, PUSH_TIMEOUT_MS: "200" }, { startDispatcher: false });
  try {
    const entry = await join(app, "0123450006");
    assert.equal((await subscribe(app, DEMO, entry.sessionId, await push.subscribe())).status, 201);
    const channel = createPushChannel({
      db: app.deps.db,
      vapid: app.deps.vapid,
      allowedHosts: ["127.0.0.1"],
      timeoutMs: 200,
    });
    const message = {
      eventId: crypto.randomUUID(),
      tenantId: await tenantId(app, "demo"),
      entryId: entry.id,
      topic: "called" as const,
      title: "It's your turn",
      text: "Please come to the counter now.",
      url: `${DEMO}/queue/status/${entry.sessionId}`,
    };
    push.failNext(1, "hang");
    await assert.rejects(
      channel.send(message, new AbortController().signal),
      /push service unreachable: no answer within 200 ms/,
    );
    // The subscription is kept for the retry, which goes through.
    assert.deepEqual(await channel.send(message, new AbortController().signal), {
      status: "SENT",
      providerMessageId: `${push.origin}/message/1`,
    });
    assert.equal(push.received.length, 1);
    const otherEntry = await join(app, "0123450007");
    assert.deepEqual(
      await channel.send({ ...message, entryId: otherEntry.id }, new AbortController().signal),
      { status: "SKIPPED", reason: "No push subscription" },
    );
  } finally {
    await app.close();
    await push.close();
  }
});

Deno.test("push: the status page offers push with the public key, and /sw.js is served at the root", async () => {
  const app = await startTestApp(ENV, { startDispatcher: false });
  try {
    const entry = await join(app, "0123450005");
    const page = await app.request(`${DEMO}/queue/status/${entry.sessionId}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.deepEqual(islandProps({ url: "status", html } as Page, "PushOptIn"), {
      sessionId: entry.sessionId,
      subscribeUrl: "/api/queue/push/subscribe",
      vapidPublicKey: VAPID.publicKey,
      locale: "en",
    });

    const sw = await app.request(`${DEMO}/sw.js`);
    assert.equal(sw.status, 200);
    assert.match(sw.headers.get("content-type")!, /^text\/javascript/);
    assert.equal(sw.headers.get("cache-control"), "no-cache");
    const source = await sw.text();
    assert.match(source, /addEventListener\("push"/);
    assert.match(source, /addEventListener\("notificationclick"/);

    // A finished visit has nothing more to announce: no offer, and the API says why.
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const queueId = await firstQueueId(app, DEMO);
    const done = await jsonPost(app, `${DEMO}/api/queues/${queueId}/cancel/${entry.id}`, {}, {
      headers: { cookie: staff },
    });
    assert.equal(done.status, 200);
    const after = await (await app.request(`${DEMO}/queue/status/${entry.sessionId}`)).text();
    assert.doesNotMatch(after, /data-island-props="PushOptIn"/);
    const push = startPushService();
    try {
      const late = await subscribe(app, DEMO, entry.sessionId, await push.subscribe());
      assert.equal(late.status, 422);
      assert.match((await late.json()).fields.sessionId, /This place has ended/);
    } finally {
      await push.close();
    }
  } finally {
    await app.close();
  }
});
