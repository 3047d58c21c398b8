import assert from "node:assert/strict";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { allConversationMessages, entriesOfPhone } from "./helpers/conversation_probe_repo.ts";
import { messageSid, postTwilioSms, twilioParams } from "./helpers/messaging_webhooks.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { twilioSignature } from "../lib/notify/twilio_signature.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const TOKEN = "twilio-auth-token";
/** The demo tenant's SMS number (seeded). */
const DEMO_SMS = "+15005550006";
/** The URL Twilio calls and signs: PUBLIC_BASE_URL's scheme and port on the request's host. */
const SIGNED_URL = "https://localhost:8443/webhooks/twilio/sms";

function text(
  app: TestApp,
  from: string,
  body: string,
  extra: Partial<Parameters<typeof twilioParams>[0]> = {},
) {
  return postTwilioSms(
    app,
    twilioParams({ from, to: DEMO_SMS, body, ...extra }),
    TOKEN,
    SIGNED_URL,
  );
}

Deno.test("SMS: join with a name asked once, status, chat, cancel, replays, STOP/START, rate limit", async (t) => {
  const twilio = startTwilioStub();
  const app = await startTestApp({
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000009",
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_API_URL: twilio.url,
    PUBLIC_BASE_URL: "https://localhost:8443",
    OUTBOX_RETRY_BASE_MS: "20",
    RATE_LIMIT_CONVERSATION_PER_MINUTE: "8",
  }, { startDispatcher: false });
  const lastTo = (phone: string) =>
    twilio.received.filter((m) => m.to === phone).at(-1)?.body ?? "";
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const ben = "+60129990001";

    await t.step(
      "a request not signed with the auth token over the called URL is a 401",
      async () => {
        const params = twilioParams({ from: ben, to: DEMO_SMS, body: "JOIN" });
        const forged = await postTwilioSms(app, params, "wrong-token", SIGNED_URL);
        assert.equal(forged.status, 401);
        const otherUrl = await postTwilioSms(
          app,
          params,
          TOKEN,
          "https://evil.example/webhooks/twilio/sms",
        );
        assert.equal(otherUrl.status, 401);
        // Signed, then a parameter changed on the way.
        const changed = await app.request("http://localhost/webhooks/twilio/sms", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": await twilioSignature(TOKEN, SIGNED_URL, params),
          },
          body: new URLSearchParams({ ...params, Body: "CANCEL" }).toString(),
        });
        assert.equal(changed.status, 401);
        assert.equal((await allConversationMessages(app.deps.db)).length, 0);
        assert.equal((await app.deps.dispatcher.stats()).pending, 0);
      },
    );

    await t.step("JOIN 2 asks for a name once, then gives the ticket by SMS", async () => {
      const res = await text(app, ben, "JOIN 2");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/xml; charset=utf-8");
      assert.match(
        await res.text(),
        /^<\?xml version="1\.0" encoding="UTF-8"\?><Response><\/Response>$/,
      );
      await drainOutbox(app);
      assert.equal(lastTo(ben), "Demo Bistro: what name should we call out? Reply with your name.");
      assert.equal(twilio.received.at(-1)!.from, DEMO_SMS, "sent from the tenant's own number");
      assert.equal((await entriesOfPhone(app.deps.db, ben)).length, 0);
      await text(app, ben, "Ben Tan");
      await drainOutbox(app);
      assert.match(
        lastTo(ben),
        /^Demo Bistro: you're in Dine-in, ticket [A-Z]*\d{3}\. Place 1, about \d+ min\. Live status: https:\/\/demo\.localhost:8443\/queue\/status\/[A-Za-z0-9_-]{32}$/,
      );
      const [entry] = await entriesOfPhone(app.deps.db, ben);
      assert.equal(entry!.platform, "sms");
      assert.equal(entry!.customerName, "Ben Tan");
      assert.equal(entry!.partySize, 2);
      assert.equal(twilio.received.filter((m) => m.to === ben).length, 2, "no second 'joined' SMS");
      const board = await (await app.request(`${DEMO}/dashboard/queues/${queueId}`, {
        headers: { cookie: staff },
      })).text();
      assert.match(board, /data-testid="row-channel"[^>]*>SMS</);
    });

    await t.step("a replayed MessageSid is processed once", async () => {
      const sid = messageSid();
      const sentBefore = twilio.received.length;
      await text(app, ben, "STATUS", { sid });
      await text(app, ben, "STATUS", { sid });
      await drainOutbox(app);
      assert.equal(twilio.received.length, sentBefore + 1);
      assert.match(lastTo(ben), /: place 1, about \d+ min\./);
      const stored = (await allConversationMessages(app.deps.db))
        .filter((m) => m.providerMessageId === sid);
      assert.equal(stored.length, 1);
    });

    await t.step("web chat round trip on SMS", async () => {
      const before = twilio.received.length;
      await text(app, ben, "Can we sit outside?");
      await drainOutbox(app);
      assert.equal(twilio.received.length, before);
      const entryId = (await entriesOfPhone(app.deps.db, ben))[0]!.id;
      const chat = await (await app.request(`${DEMO}/api/queue/webchat/entry/${entryId}`, {
        headers: { cookie: staff },
      })).json();
      assert.deepEqual(
        chat.chat.messages.filter((m: { sender: string }) => m.sender === "CUSTOMER")
          .map((m: { content: string }) => m.content),
        ["Can we sit outside?"],
      );
      const answer = await jsonPost(app, `${DEMO}/api/queue/webchat/send`, {
        entryId,
        content: "Yes, the terrace is free.",
      }, { headers: { cookie: staff } });
      assert.equal(answer.status, 201);
      await drainOutbox(app);
      assert.match(
        lastTo(ben),
        /^Demo Bistro: Yes, the terrace is free\. https:\/\/demo\.localhost:8443\//,
      );
    });

    await t.step(
      "CANCEL cancels; 排队 joins again under the name given before, in Chinese",
      async () => {
        await text(app, ben, "Cancel");
        await drainOutbox(app);
        assert.match(lastTo(ben), /^Demo Bistro: ticket [A-Z]*\d{3} is cancelled\./);
        assert.equal((await entriesOfPhone(app.deps.db, ben))[0]!.status, "cancelled");
        await text(app, ben, "排队");
        await drainOutbox(app);
        assert.match(lastTo(ben), /^Demo Bistro：您已加入Dine-in，号码 [A-Z]*\d{3}。第 1 位/);
        const entries = await entriesOfPhone(app.deps.db, ben);
        assert.equal(entries.length, 2);
        assert.equal(entries[1]!.customerName, "Ben Tan");
        assert.equal(entries[1]!.partySize, 1);
      },
    );

    await t.step(
      "staff calling an SMS party tells them by SMS (the way STOP will silence)",
      async () => {
        const entryId = (await entriesOfPhone(app.deps.db, ben))[1]!.id;
        const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entryId}`, {}, {
          headers: { cookie: staff },
        });
        assert.equal(called.status, 200);
        await drainOutbox(app);
        // Ben queued this time in Chinese ("排队"): the call speaks it too.
        assert.match(lastTo(ben), /^Demo Bistro：轮到您了！号码 [A-Z]*\d{3}/);
      },
    );

    await t.step("a number no tenant uses is acknowledged and ignored", async () => {
      const before = (await allConversationMessages(app.deps.db)).length;
      const res = await postTwilioSms(
        app,
        twilioParams({ from: "+60129990077", to: "+15005550099", body: "JOIN" }),
        TOKEN,
        SIGNED_URL,
      );
      assert.equal(res.status, 200);
      assert.equal((await allConversationMessages(app.deps.db)).length, before);
    });

    await t.step(
      "STOP (Twilio's opt-out) silences every SMS, a staff call too, until START",
      async () => {
        const cara = "+60129990002";
        await text(app, cara, "JOIN", {});
        await drainOutbox(app);
        await text(app, cara, "Cara");
        await drainOutbox(app);
        const entryId = (await entriesOfPhone(app.deps.db, cara))[0]!.id;
        const count = twilio.received.length;
        await text(app, cara, "STOP", { optOutType: "STOP" });
        await drainOutbox(app);
        assert.equal(twilio.received.length, count, "Twilio confirms an opt-out itself");
        const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entryId}`, {}, {
          headers: { cookie: staff },
        });
        assert.equal(called.status, 200);
        await text(app, cara, "status");
        await drainOutbox(app);
        assert.equal(twilio.received.length, count, "no 'called' SMS, no reply after STOP");
        await text(app, cara, "START", { optOutType: "START" });
        await text(app, cara, "status");
        await drainOutbox(app);
        assert.match(lastTo(cara), /it's your turn, please come to the counter/);
      },
    );

    await t.step(
      "CANCEL that Twilio took as an opt-out leaves the queue and stops messages",
      async () => {
        const fay = "+60129990005";
        await text(app, fay, "JOIN");
        await drainOutbox(app);
        await text(app, fay, "Fay");
        await drainOutbox(app);
        assert.equal((await entriesOfPhone(app.deps.db, fay))[0]!.status, "waiting");
        const count = twilio.received.length;
        await text(app, fay, "CANCEL", { optOutType: "STOP" });
        await drainOutbox(app);
        assert.equal((await entriesOfPhone(app.deps.db, fay))[0]!.status, "cancelled");
        assert.equal(twilio.received.length, count);
      },
    );

    await t.step("Twilio down: the reply is retried from the outbox and sent once", async () => {
      twilio.failNext(2, 503);
      const dan = "+60129990003";
      await text(app, dan, "help");
      assert.equal((await drainOutbox(app)).pending, 0);
      assert.equal(twilio.received.filter((m) => m.to === dan).length, 1);
      assert.match(lastTo(dan), /send JOIN to queue/);
    });

    await t.step("one sender's flood is cut at the per-minute limit", async () => {
      const eve = "+60129990004";
      for (let i = 0; i < 10; i++) {
        assert.equal((await text(app, eve, `hello ${i}`)).status, 200);
      }
      const stored = (await allConversationMessages(app.deps.db))
        .filter((m) => m.phone === eve && m.direction === "in");
      assert.equal(stored.length, 8);
    });
  } finally {
    await app.close();
    await twilio.close();
  }
});
