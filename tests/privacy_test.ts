import assert from "node:assert/strict";
import { sendChatMessage } from "../lib/chat/chat.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";
import {
  insertInboundMessage,
  insertOutboundMessage,
  saveConversation,
} from "../lib/conversation/conversation_repo.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { auditFor } from "./helpers/audit_probe.ts";
import { seedVisits, tenantScope } from "./helpers/analytics_history.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const HOUR = 3_600_000;
const PHONE = "+60123334444";
const OTHER_PHONE = "+60129998888";

Deno.test("privacy: an owner exports one customer's data, then erases it; figures stay", async (t) => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const cafeOwner = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
    const scope = await tenantScope(app, "demo");
    const queueId = await firstQueueId(app, DEMO);
    const at = (h: number) => new Date(Date.now() - h * HOUR).toISOString();
    const [past, live, other] = await seedVisits(scope, queueId, [
      { joinedAt: at(30), callAfter: 10, completeAfter: 5, phone: PHONE },
      { joinedAt: at(2), phone: PHONE },
      { joinedAt: at(1) },
    ]);
    await sendChatMessage(scope, {
      ticket: { entryId: live!.id },
      sender: "STAFF",
      content: "Your table is nearly ready",
    }, { limitPerMinute: 10 });
    // The same customer also queued once by WhatsApp: their words and our replies are theirs too.
    await withTenant(app.deps.db, scope.tenantId, async (trx) => {
      for (const phone of [PHONE, OTHER_PHONE]) {
        await insertInboundMessage(trx, {
          tenantId: scope.tenantId,
          phone,
          channel: "whatsapp",
          providerMessageId: `wamid.${phone}`,
          body: `JOIN please, I am ${phone === PHONE ? "Aisyah" : "Someone else"}`,
          profileName: phone === PHONE ? "Aisyah" : "Someone",
          optOutType: null,
        });
        await insertOutboundMessage(trx, {
          tenantId: scope.tenantId,
          phone,
          channel: "whatsapp",
          body: "You are A001",
          confirmsStop: false,
        });
        await saveConversation(trx, scope.tenantId, {
          phone,
          channel: "whatsapp",
          locale: "ms",
          customerName: phone === PHONE ? "Aisyah" : "Someone",
          awaiting: null,
          pending: null,
          lastInboundAt: new Date(),
          optedOutAt: null,
        });
      }
    });
    assert.equal((await drainOutbox(app)).pending, 0);
    const get = (url: string, cookie = owner) => app.request(url, { headers: { cookie } });
    const query = `phone=${encodeURIComponent("+60 12-333 4444")}`;
    const figures = async () =>
      (await (await get(`${DEMO}/api/analytics/dashboard?period=7d`)).json()).totals;
    const before = await figures();
    let exported = 0;

    await t.step("export: every entry, message and notification of that phone only", async () => {
      const res = await get(`${DEMO}/api/privacy/customer?${query}`);
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.phone, PHONE);
      assert.deepEqual(
        body.entries.map((e: { id: string }) => e.id).sort(),
        [past!.id, live!.id].sort(),
      );
      assert.ok(body.entries.every((e: { customerPhone: string }) => e.customerPhone === PHONE));
      const said = body.chatMessages.map((m: { content: string }) => m.content);
      assert.ok(said.includes("Your table is nearly ready"));
      assert.ok(said.every((m: string) => !m.includes(other!.sessionId)), "only theirs");
      exported = body.chatMessages.length;
      const conversation = body.conversationMessages.map((m: { body: string }) => m.body);
      assert.deepEqual(conversation, ["JOIN please, I am Aisyah", "You are A001"]);
      assert.ok(body.notifications.length >= 1, "what was sent to them is part of it");
      const audit = await auditFor(app, "demo", "");
      const row = audit.find((a) => a.action === "privacy.export")!;
      assert.deepEqual(row.details, { entries: 2 });
      assert.doesNotMatch(JSON.stringify(row), /3334444/);
    });

    await t.step("staff may not, a bad phone is a 422, another tenant holds nothing", async () => {
      assert.equal((await get(`${DEMO}/api/privacy/customer?${query}`, staff)).status, 403);
      const bad = await get(`${DEMO}/api/privacy/customer?phone=abc`);
      assert.equal(bad.status, 422);
      assert.match((await bad.json()).fields.phone, /Phone number/);
      const cafe = await get(`${CAFE}/api/privacy/customer?${query}`, cafeOwner);
      assert.equal(cafe.status, 200);
      assert.deepEqual((await cafe.json()).entries, []);
      const cafeErase = await jsonPost(
        app,
        `${CAFE}/api/privacy/customer/erase`,
        { phone: PHONE },
        {
          headers: { cookie: cafeOwner },
        },
      );
      assert.equal((await cafeErase.json()).erased.entries, 0);
    });

    await t.step("erase: links answer 404, messages and logs are gone, counts stay", async () => {
      // The live ticket's page is open: the customers' read model holds it in memory.
      const open = await app.request(`${DEMO}/api/queues/entry/${live!.sessionId}`);
      assert.equal(open.status, 200);
      assert.match(await open.text(), /Visitor 1/);
      // The customer had sent STOP: erasing them must not forget it (nothing is sent again).
      await withTenant(
        app.deps.db,
        scope.tenantId,
        (trx) =>
          trx.updateTable("conversations").set({ optedOutAt: new Date() })
            .where("phone", "=", PHONE).execute(),
      );
      const res = await jsonPost(app, `${DEMO}/api/privacy/customer/erase`, { phone: PHONE }, {
        headers: { cookie: owner },
      });
      assert.equal(res.status, 200);
      const { erased } = await res.json();
      assert.equal(erased.entries, 2);
      assert.equal(erased.messages, exported);
      assert.ok(erased.notifications >= 1);
      for (const v of [past!, live!]) {
        assert.equal((await app.request(`${DEMO}/api/queues/entry/${v.sessionId}`)).status, 404);
        assert.equal((await app.request(`${DEMO}/queue/status/${v.sessionId}`)).status, 404);
      }
      assert.equal((await app.request(`${DEMO}/api/queues/entry/${other!.sessionId}`)).status, 200);
      const left = await withTenant(app.deps.db, scope.tenantId, async (trx) => ({
        entries: await trx.selectFrom("queueEntries").select(["customerName", "customerPhone"])
          .where("id", "in", [past!.id, live!.id]).execute(),
        messages: await trx.selectFrom("webChatMessages").select("id")
          .where("queueEntryId", "in", [past!.id, live!.id]).execute(),
        logs: await trx.selectFrom("notificationLogs").select("id")
          .where("queueEntryId", "in", [past!.id, live!.id]).execute(),
      }));
      assert.equal(left.entries.length, 2, "anonymised, not deleted");
      assert.ok(
        left.entries.every((e) =>
          e.customerName === "Erased" && !e.customerPhone.includes("3334444")
        ),
      );
      assert.deepEqual([left.messages.length, left.logs.length], [0, 0]);
      const said = await withTenant(app.deps.db, scope.tenantId, async (trx) => ({
        messages: await trx.selectFrom("conversationMessages").select(["phone", "body"])
          .execute(),
        conversations: await trx.selectFrom("conversations")
          .select(["phone", "customerName"]).execute(),
      }));
      assert.deepEqual(
        said.messages.map((m) => m.phone).sort(),
        [OTHER_PHONE, OTHER_PHONE],
        "their WhatsApp messages are gone, another customer's stay",
      );
      assert.deepEqual(
        said.conversations.sort((a, b) => a.phone.localeCompare(b.phone)),
        [
          { phone: PHONE, customerName: null }, // only the STOP is kept, no name
          { phone: OTHER_PHONE, customerName: "Someone" },
        ],
      );
      assert.equal(erased.conversationMessages, 2);
      const again = await (await get(`${DEMO}/api/privacy/customer?${query}`)).json();
      assert.deepEqual(again.entries, []);
      assert.deepEqual(await figures(), before, "the dashboard's figures did not change");
      const audit = await auditFor(app, "demo", "");
      const row = audit.find((a) => a.action === "privacy.erase")!;
      assert.equal((row.details as { entries: number }).entries, 2);
    });
  } finally {
    await app.close();
  }
});
