import assert from "node:assert/strict";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { allConversationMessages, entriesOfPhone } from "./helpers/conversation_probe_repo.ts";
import { postWhatsApp, whatsAppBody } from "./helpers/messaging_webhooks.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { startWhatsAppStub, whatsAppText } from "./helpers/provider_stubs.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const SECRET = "meta-app-secret";
/** The demo tenant's WhatsApp phone number id (seeded). */
const DEMO_NUMBER = "100000000000001";

function say(app: TestApp, from: string, text: string, extra: { name?: string | null } = {}) {
  return postWhatsApp(
    app,
    whatsAppBody({ phoneNumberId: DEMO_NUMBER, from, text, ...extra }),
    SECRET,
  );
}

Deno.test("WhatsApp: delivery statuses, a failing provider, several open queues", async (t) => {
  const whatsapp = startWhatsAppStub();
  const app = await startTestApp({
    WHATSAPP_ACCESS_TOKEN: "wa-token",
    WHATSAPP_API_URL: whatsapp.url,
    WHATSAPP_APP_SECRET: SECRET,
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
    await say(app, aisha, "JOIN");
    await drainOutbox(app);
    const called = await jsonPost(
      app,
      `${DEMO}/api/queues/${queueId}/call/${(await entriesOfPhone(app.deps.db, aisha))[0]!.id}`,
      {},
      { headers: { cookie: staff } },
    );
    assert.equal(called.status, 200);
    await drainOutbox(app);
    assert.match(lastTo(aisha), /it's your turn!/, "the call goes out on WhatsApp");
    assert.equal(whatsapp.received.at(-1)!.body.type, "text", "inside the 24-hour window");
    await t.step("Meta's delivery status marks the WhatsApp notification delivered", async () => {
      const entryId = (await entriesOfPhone(app.deps.db, aisha))[0]!.id;
      const logOf = async () =>
        (await (await app.request(
          `${DEMO}/api/queues/${queueId}/entries/${entryId}/notifications`,
          { headers: { cookie: staff } },
        )).json()).notifications.filter((r: { channel: string }) => r.channel === "WHATSAPP");
      const [before] = await logOf();
      assert.equal(before.status, "SENT");
      const wamidSent = whatsapp.received.at(-1)!.id;
      const raw = JSON.stringify({
        object: "whatsapp_business_account",
        entry: [{
          id: "102290129340398",
          changes: [{
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: DEMO_NUMBER },
              statuses: [{
                id: wamidSent,
                status: "delivered",
                timestamp: String(Math.floor(Date.now() / 1000)),
                recipient_id: "60123450001",
                conversation: { id: "CONVERSATION_ID", origin: { type: "service" } },
                pricing: { billable: true, pricing_model: "CBP", category: "service" },
              }],
            },
            field: "messages",
          }],
        }],
      });
      assert.equal((await postWhatsApp(app, raw, "forged")).status, 401);
      assert.equal((await logOf())[0].status, "SENT");
      const res = await postWhatsApp(app, raw, SECRET);
      assert.equal(res.status, 200);
      assert.equal((await logOf())[0].status, "DELIVERED");
    });

    await t.step(
      "a provider that fails: the reply is retried by the outbox and sent once",
      async () => {
        whatsapp.failNext(2);
        await say(app, "+60123450006", "JOIN", { name: "Chen" });
        const stats = await drainOutbox(app);
        assert.equal(stats.pending, 0);
        assert.equal(sent().filter((m) => m.to === "60123450006").length, 1);
        assert.match(lastTo("+60123450006"), /you're in/);
        const rows = (await allConversationMessages(app.deps.db))
          .filter((m) => m.phone === "+60123450006" && m.direction === "out");
        assert.deepEqual(rows.map((r) => r.status), ["SENT"]);
      },
    );

    await t.step("several open queues: the customer picks one by number", async () => {
      const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
      const created = await jsonPost(app, `${DEMO}/api/queues`, {
        name: "Takeaway counter",
        businessHoursStart: "00:00",
        businessHoursEnd: "24:00",
      }, { headers: { cookie: owner } });
      assert.equal(created.status, 201);
      const takeaway = (await created.json()).queue.id as string;
      const dee = "+60123450008";
      await say(app, dee, "JOIN 2", { name: "Dee" });
      await drainOutbox(app);
      const question = lastTo(dee);
      assert.match(question, /which queue\? Reply with its number:/);
      const line = question.split("\n").find((l) => l.includes("Takeaway counter"))!;
      const number = line.match(/^(\d+)\./)![1]!;
      await say(app, dee, "7");
      await drainOutbox(app);
      assert.match(lastTo(dee), /Reply with a number from 1 to 2/);
      await say(app, dee, number);
      await drainOutbox(app);
      assert.match(lastTo(dee), /you're in Takeaway counter, ticket/);
      const [entry] = await entriesOfPhone(app.deps.db, dee);
      assert.equal(entry!.queueId, takeaway);
      assert.equal(entry!.partySize, 2);
    });
  } finally {
    await app.close();
    await whatsapp.close();
  }
});
