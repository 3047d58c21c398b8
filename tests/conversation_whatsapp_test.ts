import assert from "node:assert/strict";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { allConversationMessages, entriesOfPhone } from "./helpers/conversation_probe_repo.ts";
import { metaSignature, postWhatsApp, wamid, whatsAppBody } from "./helpers/messaging_webhooks.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { startWhatsAppStub, whatsAppText } from "./helpers/provider_stubs.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const SECRET = "meta-app-secret";
const VERIFY = "verify-me-123";
/** The demo tenant's WhatsApp phone number id (seeded). */
const DEMO_NUMBER = "100000000000001";

function say(
  app: TestApp,
  from: string,
  text: string,
  extra: { id?: string; name?: string | null } = {},
) {
  return postWhatsApp(
    app,
    whatsAppBody({ phoneNumberId: DEMO_NUMBER, from, text, ...extra }),
    SECRET,
  );
}

Deno.test("WhatsApp: handshake, signatures, join, status, chat, cancel, help, replays, unknown ids, STOP/START", async (t) => {
  const whatsapp = startWhatsAppStub();
  const app = await startTestApp({
    WHATSAPP_ACCESS_TOKEN: "wa-token",
    WHATSAPP_API_URL: whatsapp.url,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY,
    OUTBOX_RETRY_BASE_MS: "20",
    PUBLIC_BASE_URL: "https://localhost:8443",
  }, { startDispatcher: false });
  const sent = () => whatsapp.received.map((m) => ({ to: m.body.to, text: whatsAppText(m) }));
  const lastTo = (phone: string) =>
    sent().filter((m) => m.to === phone.replace("+", "")).at(-1)?.text ?? "";
  try {
    const queueId = await firstQueueId(app, DEMO);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const aisha = "+60123450001";

    await t.step(
      "Meta's verification handshake: the right token echoes the challenge",
      async () => {
        const ok = await app.request(
          `http://localhost/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`,
        );
        assert.equal(ok.status, 200);
        assert.equal(await ok.text(), "1158201444");
        const wrong = await app.request(
          "http://localhost/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1",
        );
        assert.equal(wrong.status, 403);
        assert.doesNotMatch(await wrong.text(), /^1$/);
      },
    );

    await t.step(
      "a body not signed with the app secret is a 401 and nothing is stored",
      async () => {
        const raw = whatsAppBody({ phoneNumberId: DEMO_NUMBER, from: aisha, text: "JOIN" });
        const forged = await postWhatsApp(app, raw, "not-the-secret");
        assert.equal(forged.status, 401);
        const unsigned = await app.request("http://localhost/webhooks/whatsapp", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: raw,
        });
        assert.equal(unsigned.status, 401);
        // Signed, then changed on the way: the signature no longer matches.
        const tampered = await app.request("http://localhost/webhooks/whatsapp", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-hub-signature-256": await metaSignature(SECRET, raw),
          },
          body: raw.replace("JOIN", "CANCEL"),
        });
        assert.equal(tampered.status, 401);
        // Signed but not JSON: refused; signed but another product's shape: acknowledged, ignored.
        const notJson = await postWhatsApp(app, "JOIN", SECRET);
        assert.equal(notJson.status, 400);
        const page = await postWhatsApp(app, JSON.stringify({ object: "page", entry: [] }), SECRET);
        assert.equal(page.status, 200);
        assert.deepEqual(await page.json(), { ok: true, ignored: true });
        assert.equal((await allConversationMessages(app.deps.db)).length, 0);
        assert.equal((await app.deps.dispatcher.stats()).pending, 0);
        assert.equal((await entriesOfPhone(app.deps.db, aisha)).length, 0);
      },
    );

    await t.step(
      "JOIN: a place under the profile name, a WhatsApp mark, and the reply",
      async () => {
        const res = await say(app, aisha, "JOIN");
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), { ok: true, stored: 1 });
        await drainOutbox(app);
        const entries = await entriesOfPhone(app.deps.db, aisha);
        assert.equal(entries.length, 1);
        assert.equal(entries[0]!.platform, "whatsapp");
        assert.equal(entries[0]!.customerName, "Aisha Rahman");
        assert.equal(entries[0]!.partySize, 1);
        assert.equal(whatsapp.received.length, 1, "the reply only: no second 'joined' message");
        const reply = whatsapp.received[0]!;
        assert.equal(reply.phoneNumberId, DEMO_NUMBER);
        assert.equal(reply.body.type, "text", "inside the 24-hour window: free text");
        assert.match(
          whatsAppText(reply),
          /^Demo Bistro: you're in .+, ticket [A-Z]*\d{3}\. Place 1, about \d+ min\. Live status: https:\/\/demo\.localhost:8443\/queue\/status\/[A-Za-z0-9_-]{32}$/,
        );
        const board = await (await app.request(`${DEMO}/dashboard/queues/${queueId}`, {
          headers: { cookie: staff },
        })).text();
        assert.match(board, /data-testid="row-channel"[^>]*>WhatsApp</);
        assert.match(board, /Aisha Rahman/);
        const cafeStaff = await staffCookie(
          app,
          "http://cafe.localhost",
          "owner@cafe.test",
          "cafe1234",
        );
        const cafeBoard = await (await app.request(`http://cafe.localhost/dashboard`, {
          headers: { cookie: cafeStaff },
        })).text();
        assert.doesNotMatch(cafeBoard, /Aisha Rahman/);
      },
    );

    await t.step(
      "a replayed message id is processed once; a second JOIN gets the same ticket",
      async () => {
        const id = wamid();
        const first = await say(app, "+60123450009", "join 2", { id, name: "Wong" });
        const again = await say(app, "+60123450009", "join 2", { id, name: "Wong" });
        assert.equal(first.status, 200);
        assert.equal(again.status, 200);
        assert.deepEqual(await again.json(), { ok: true, stored: 0 });
        await drainOutbox(app);
        assert.equal((await entriesOfPhone(app.deps.db, "+60123450009")).length, 1);
        assert.equal(sent().filter((m) => m.to === "60123450009").length, 1);
        const ticket = lastTo("+60123450009").match(/ticket ([A-Z]*\d{3})/)![1]!;
        await say(app, "+60123450009", "JOIN");
        await drainOutbox(app);
        assert.match(lastTo("+60123450009"), new RegExp(`you already have ticket ${ticket}`));
        assert.equal((await entriesOfPhone(app.deps.db, "+60123450009")).length, 1);
      },
    );

    await t.step("STATUS answers the place and wait", async () => {
      await say(app, aisha, "Status");
      await drainOutbox(app);
      assert.match(lastTo(aisha), /: place 1, about \d+ min\. https:\/\/demo\.localhost:8443\//);
    });

    await t.step(
      "web chat round trip: free text reaches the chat; staff's answer goes by WhatsApp",
      async () => {
        const before = whatsapp.received.length;
        await say(app, aisha, "Running 5 minutes late, sorry!");
        await drainOutbox(app);
        assert.equal(whatsapp.received.length, before, "free text gets no automatic answer");
        const entryId = (await entriesOfPhone(app.deps.db, aisha))[0]!.id;
        const chat = await (await app.request(`${DEMO}/api/queue/webchat/entry/${entryId}`, {
          headers: { cookie: staff },
        })).json();
        const customer = chat.chat.messages.filter((m: { sender: string }) =>
          m.sender === "CUSTOMER"
        );
        assert.deepEqual(customer.map((m: { content: string }) => m.content), [
          "Running 5 minutes late, sorry!",
        ]);
        const answer = await jsonPost(app, `${DEMO}/api/queue/webchat/send`, {
          entryId,
          content: "No problem, we'll hold your table.",
        }, { headers: { cookie: staff } });
        assert.equal(answer.status, 201);
        await drainOutbox(app);
        const out = whatsapp.received.at(-1)!;
        assert.equal(out.body.to, "60123450001");
        assert.equal(out.body.type, "text");
        assert.match(whatsAppText(out), /No problem, we'll hold your table\./);
      },
    );

    await t.step("BATAL cancels and answers in Malay; 帮助 gets the help in Chinese", async () => {
      await say(app, aisha, "batal");
      await drainOutbox(app);
      assert.match(lastTo(aisha), /^Demo Bistro: tiket [A-Z]*\d{3} dibatalkan\./);
      assert.equal((await entriesOfPhone(app.deps.db, aisha))[0]!.status, "cancelled");
      await say(app, aisha, "STATUS");
      await drainOutbox(app);
      assert.match(lastTo(aisha), /anda tiada dalam barisan/, "STATUS keeps the language");
      await say(app, aisha, "帮助");
      await drainOutbox(app);
      assert.match(lastTo(aisha), /发送「排队」取号/);
      await say(app, aisha, "what is this?");
      await drainOutbox(app);
      assert.match(lastTo(aisha), /发送「排队」取号/, "anything else: the help text");
    });

    await t.step("an unknown phone number id is acknowledged and ignored", async () => {
      const before = (await allConversationMessages(app.deps.db)).length;
      const res = await postWhatsApp(
        app,
        whatsAppBody({ phoneNumberId: "999999999999", from: "+60123450077", text: "JOIN" }),
        SECRET,
      );
      assert.equal(res.status, 200);
      await drainOutbox(app);
      assert.equal((await allConversationMessages(app.deps.db)).length, before);
      assert.equal((await entriesOfPhone(app.deps.db, "+60123450077")).length, 0);
    });

    await t.step("STOP silences every message to the number until START", async () => {
      const ben = "+60123450005";
      await say(app, ben, "JOIN", { name: "Ben" });
      await say(app, ben, "STOP");
      await drainOutbox(app);
      assert.match(lastTo(ben), /you will get no more messages from us/);
      const count = whatsapp.received.length;
      await say(app, ben, "STATUS");
      const entryId = (await entriesOfPhone(app.deps.db, ben))[0]!.id;
      const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call/${entryId}`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(called.status, 200, await called.clone().text());
      await drainOutbox(app);
      assert.equal(whatsapp.received.length, count, "no reply, no 'called' message after STOP");
      await say(app, ben, "START");
      await drainOutbox(app);
      assert.match(lastTo(ben), /messages are back on/);
      await say(app, ben, "status");
      await drainOutbox(app);
      assert.match(lastTo(ben), /it's your turn, please come to the counter/);
    });
  } finally {
    await app.close();
    await whatsapp.close();
  }
});
