import assert from "node:assert/strict";
import webpush from "web-push";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { startPushService } from "./helpers/push_service.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { startTestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const VAPID = webpush.generateVAPIDKeys();

interface Joined {
  id: string;
  sessionId: string;
  ticketNumber: string;
}

interface LogRow {
  channel: string;
  topic: string;
  status: string;
}

Deno.test("notify: requeued, no-show and cancelled by staff reach their default channels once; a customer's own cancel tells nobody", async () => {
  const twilio = startTwilioStub();
  const sink = await startSmtpSink();
  const push = startPushService();
  const app = await startTestApp({
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000004",
    TWILIO_AUTH_TOKEN: "test-token",
    TWILIO_API_URL: twilio.url,
    SMTP_URL: sink.url,
    VAPID_PUBLIC_KEY: VAPID.publicKey,
    VAPID_PRIVATE_KEY: VAPID.privateKey,
    PUSH_ENDPOINT_ALLOW: "127.0.0.1",
    RATE_LIMIT_JOIN_PER_MINUTE: "1000",
  }, { startDispatcher: false });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const subscriptionOf = new Map<string, string>();

    const join = async (n: number): Promise<Joined> => {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
        customerName: `Guest ${n}`,
        customerPhone: `+6013579${String(n).padStart(4, "0")}`,
        partySize: 2,
        customerEmail: `guest${n}@example.test`,
      });
      assert.equal(res.status, 201, await res.clone().text());
      const entry = (await res.json()).entry as Joined;
      const subscription = await push.subscribe();
      const saved = await jsonPost(app, `${DEMO}/api/queue/push/subscribe`, {
        sessionId: entry.sessionId,
        subscription,
      });
      assert.equal(saved.status, 201);
      subscriptionOf.set(entry.id, subscription.endpoint.split("/").at(-1)!);
      return entry;
    };

    const staffDoes = async (action: string, entry: Joined) => {
      const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/${action}/${entry.id}`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(res.status, 200, `${action}: ${await res.clone().text()}`);
    };

    const logOf = async (entry: Joined): Promise<string[]> => {
      const res = await app.request(
        `${DEMO}/api/queues/${queueId}/entries/${entry.id}/notifications`,
        { headers: { cookie: staff } },
      );
      assert.equal(res.status, 200);
      return ((await res.json()).notifications as LogRow[])
        .map((r) => `${r.topic}/${r.channel}/${r.status}`).sort();
    };

    const requeued = await join(1);
    const missed = await join(2);
    const cancelled = await join(3);
    const leaving = await join(4);
    await staffDoes("call", requeued);
    await staffDoes("call", missed);
    assert.equal((await drainOutbox(app)).pending, 0);

    await staffDoes("requeue", requeued);
    await staffDoes("no-show", missed);
    await staffDoes("cancel", cancelled);
    const own = await jsonPost(app, `${DEMO}/api/queues/entry/${leaving.sessionId}/cancel`, {});
    assert.equal(own.status, 200, await own.clone().text());
    assert.equal((await drainOutbox(app)).pending, 0);
    // Another round finds nothing left to send.
    const pushes = push.received.length;
    const texts = twilio.received.length;
    await app.deps.dispatcher.runOnce();
    assert.equal(push.received.length, pushes);
    assert.equal(twilio.received.length, texts);

    // Out of the box: requeued and no-show go by push and chat, a staff cancel by email too;
    // none of the three by SMS. Each once.
    const only = (log: string[], topic: string) => log.filter((l) => l.startsWith(`${topic}/`));
    assert.deepEqual(only(await logOf(requeued), "requeued"), [
      "requeued/PUSH/SENT",
      "requeued/WEBCHAT/DELIVERED",
    ]);
    assert.deepEqual(only(await logOf(missed), "no_show"), [
      "no_show/PUSH/SENT",
      "no_show/WEBCHAT/DELIVERED",
    ]);
    assert.deepEqual(only(await logOf(cancelled), "cancelled"), [
      "cancelled/EMAIL/SENT",
      "cancelled/PUSH/SENT",
      "cancelled/WEBCHAT/DELIVERED",
    ]);
    assert.deepEqual(only(await logOf(leaving), "cancelled"), []);

    // What each customer's phone and inbox got.
    const pushedTo = (entry: Joined) =>
      push.received.filter((p) => p.subscriptionId === subscriptionOf.get(entry.id))
        .map((p) => JSON.parse(p.text) as { topic: string; title: string });
    assert.deepEqual(
      pushedTo(requeued).filter((p) => p.topic === "requeued").map((p) => p.title),
      [`Back in the queue: ${requeued.ticketNumber}`],
    );
    assert.deepEqual(
      pushedTo(missed).filter((p) => p.topic === "no_show").map((p) => p.title),
      [`We missed you: ${missed.ticketNumber}`],
    );
    assert.deepEqual(
      pushedTo(cancelled).filter((p) => p.topic === "cancelled").map((p) => p.title),
      [`Ticket cancelled: ${cancelled.ticketNumber}`],
    );
    assert.deepEqual(pushedTo(leaving).filter((p) => p.topic === "cancelled"), []);
    const mails = sink.messages.filter((m) => m.subject.startsWith("Ticket cancelled"));
    assert.deepEqual(mails.map((m) => m.to), [["guest3@example.test"]]);
    assert.match(mails[0]!.text, /was cancelled by the staff/);
    assert.ok(
      !twilio.received.some((m) => /cancelled|missed|back in the queue/i.test(m.body)),
      JSON.stringify(twilio.received.map((m) => m.body)),
    );

    // The chat shows the notice as the app's own message.
    const history = await (await app.request(`${DEMO}/api/queue/webchat/${cancelled.sessionId}`))
      .json();
    const system = (history.chat.messages as Array<{ sender: string; content: string }>)
      .filter((m) => m.sender === "SYSTEM").map((m) => m.content);
    assert.ok(system.some((c) => /was cancelled by the staff/.test(c)), JSON.stringify(system));
  } finally {
    await app.close();
    await twilio.close();
    await sink.close();
    await push.close();
  }
});
