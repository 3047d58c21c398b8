// deno-lint-ignore-file no-console
/**
 * `deno run -A bench/push_latency.ts [calls]`: the time from staff's "Call" (the request sent)
 * to the push request reaching a loopback push service, through the outbox dispatcher, the
 * `notify:push` handler and the push channel (VAPID signing and aes128gcm encryption included).
 * One app in process on a throwaway database (PGlite, or TEST_DATABASE_URL), calls one at a time.
 */
import webpush from "web-push";
import { firstQueueId, jsonPost, staffCookie } from "../tests/helpers/forms.ts";
import { type ReceivedPush, startPushService } from "../tests/helpers/push_service.ts";
import { DB_KIND, startTestApp } from "../tests/helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const calls = Number(Deno.args[0] ?? 100);
const vapid = webpush.generateVAPIDKeys();
const push = startPushService();
const app = await startTestApp({
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_PRIVATE_KEY: vapid.privateKey,
  PUSH_ENDPOINT_ALLOW: "127.0.0.1",
  RATE_LIMIT_JOIN_PER_MINUTE: "100000",
  RATE_LIMIT_MAX_FREE: "100000",
});
try {
  const queueId = await firstQueueId(app, DEMO);
  const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
  const entries: Array<{ id: string; subscriptionId: string }> = [];
  for (let i = 0; i < calls; i++) {
    const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: `Guest ${i}`,
      customerPhone: `01234${String(60000 + i)}`,
      partySize: 2,
    });
    if (res.status !== 201) throw new Error(`join ${i}: ${res.status} ${await res.text()}`);
    const entry = (await res.json()).entry;
    const subscription = await push.subscribe();
    const sub = await jsonPost(app, `${DEMO}/api/queue/push/subscribe`, {
      sessionId: entry.sessionId,
      subscription,
    });
    if (sub.status !== 201) throw new Error(`subscribe ${i}: ${sub.status}`);
    entries.push({ id: entry.id, subscriptionId: subscription.endpoint.split("/").at(-1)! });
  }
  // The joins' own pushes ("You're in the queue", when the subscription was saved in time)
  // go first: wait until the outbox has nothing pending.
  while ((await app.deps.dispatcher.stats()).pending > 0) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const times: number[] = [];
  for (const entry of entries) {
    const before = push.received.length;
    const t0 = performance.now();
    const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entry.id}`, {}, {
      headers: { cookie: staff },
    });
    if (res.status !== 200) throw new Error(`call: ${res.status}`);
    await res.body?.cancel();
    // Each call also tells the party now two from the front "almost your turn" (another
    // subscription): only this entry's "called" push counts.
    const isCall = (p: ReceivedPush) =>
      p.subscriptionId === entry.subscriptionId && JSON.parse(p.text).topic === "called";
    let got: ReceivedPush | undefined;
    for (let seen = before; !(got = push.received.slice(before).find(isCall)); seen++) {
      await push.waitFor(seen + 1);
    }
    times.push(got.arrivedAt - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  console.log(
    `${DB_KIND}: ${calls} calls, Call → push at the loopback service: ` +
      `median ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${
        times.at(-1)!.toFixed(1)
      } ms (rejected pushes: ${push.rejected.length})`,
  );
} finally {
  await app.close();
  await push.close();
}
