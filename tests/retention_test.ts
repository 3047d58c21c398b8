import assert from "node:assert/strict";
import { sql } from "kysely";
import { sendChatMessage } from "../lib/chat/chat.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { insertInboundMessage, saveConversation } from "../lib/conversation/conversation_repo.ts";
import { buildAnalyticsReport } from "../lib/analytics/dashboard.ts";
import { rollUpTenant } from "../lib/analytics/rollup.ts";
import { applyRetention, monthsBefore } from "../lib/retention/retention.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId } from "./helpers/forms.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { auditFor } from "./helpers/audit_probe.ts";
import { ageEntryTraces } from "./helpers/clock_repo.ts";
import { seedVisits, tenantScope } from "./helpers/analytics_history.ts";

const DEMO = "http://demo.localhost";
const MINUTE = 60_000;

Deno.test("retention deletes exactly what is older than the window, once, and keeps roll-ups", async (t) => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const scope = await tenantScope(app, "demo");
    const queueId = await firstQueueId(app, DEMO);
    const now = new Date();
    const cutoff = monthsBefore(now, 6);
    const iso = (ms: number) => new Date(ms).toISOString();
    const c = cutoff.getTime();
    const seeded = await seedVisits(scope, queueId, [
      { joinedAt: iso(c - 30 * 24 * 60 * MINUTE), callAfter: 5, completeAfter: 5 }, // 7 months
      { joinedAt: iso(c - MINUTE), end: "cancel" }, // just past the window
      { joinedAt: iso(c + MINUTE), callAfter: 5, end: "no-show" }, // just inside
      { joinedAt: iso(c - 2 * MINUTE) }, // old but still waiting: kept
      { joinedAt: iso(now.getTime() - 60 * MINUTE), callAfter: 5, completeAfter: 5 },
    ]);
    const [old, justPast, justInside, waiting, recent] = seeded as [
      typeof seeded[0],
      typeof seeded[0],
      typeof seeded[0],
      typeof seeded[0],
      typeof seeded[0],
    ];
    await sendChatMessage(scope, {
      ticket: { entryId: waiting.id },
      sender: "STAFF",
      content: "Still there?",
    }, { limitPerMinute: 10 });
    assert.equal((await drainOutbox(app)).pending, 0);
    const counts = () =>
      withTenant(app.deps.db, scope.tenantId, async (trx) => {
        const n = async (table: "queueEntries" | "webChatMessages" | "notificationLogs") =>
          (await trx.selectFrom(table).select(sql<number>`count(*)::int`.as("n"))
            .executeTakeFirstOrThrow()).n;
        return {
          entries: await n("queueEntries"),
          messages: await n("webChatMessages"),
          notifications: await n("notificationLogs"),
        };
      });
    // The waiting party's messages are old; the just-inside party's are one minute inside.
    await withTenant(app.deps.db, scope.tenantId, async (trx) => {
      await ageEntryTraces(trx, waiting.id, new Date(c - 5 * MINUTE));
      await ageEntryTraces(trx, justInside.id, new Date(c + 5 * MINUTE));
      for (const v of [old, justPast]) await ageEntryTraces(trx, v.id, new Date(c - 3 * MINUTE));
    });
    const traces = (ids: string[]) =>
      withTenant(
        app.deps.db,
        scope.tenantId,
        async (trx) =>
          (await trx.selectFrom("webChatMessages").select("id").where("queueEntryId", "in", ids)
            .execute()).length +
          (await trx.selectFrom("notificationLogs").select("id").where("queueEntryId", "in", ids)
            .execute()).length,
      );
    const oldTraces = await traces([old.id, justPast.id, waiting.id]);
    const keptTraces = await traces([justInside.id, recent.id]);
    assert.ok(oldTraces > 0 && keptTraces > 0);
    await rollUpTenant(app.deps.db, scope.tenantId, now);
    // Through the UTC day after the old visit's: roll-ups count by the tenant's local day, which
    // for a visit after 16:00 UTC in Kuala Lumpur (UTC+8) is already the next one.
    const oldDay = iso(c - 29 * 24 * 60 * MINUTE).slice(0, 10);
    const query = { from: monthsBefore(now, 8).toISOString().slice(0, 10), to: oldDay };
    const history = await buildAnalyticsReport(scope, query, { now });
    const before = await counts();

    await t.step("a plan's longer window in system settings keeps everything", async () => {
      await sql`insert into system_settings (key, value) values
        ('retention', '{"months": 6, "plans": {"ENTERPRISE": 12}}'::jsonb)`.execute(app.ownerDb);
      const r = await applyRetention(app.deps.db, { fallbackMonths: 6, now });
      assert.deepEqual(r, { entries: 0, messages: 0, notifications: 0 });
      assert.deepEqual(await counts(), before);
      await sql`delete from system_settings where key = 'retention'`.execute(app.ownerDb);
    });

    await t.step(
      "two runners at once: the old rows go exactly once, audited as counts",
      async () => {
        const [a, b] = await Promise.all([
          applyRetention(app.deps.db, { fallbackMonths: 6, now }),
          applyRetention(app.deps.db, { fallbackMonths: 6, now }),
        ]);
        const total = {
          entries: a.entries + b.entries,
          messages: a.messages + b.messages,
          notifications: a.notifications + b.notifications,
        };
        assert.equal(total.entries, 2, "the 7-month-old and the just-past visits");
        assert.equal(total.messages + total.notifications, oldTraces);
        const after = await counts();
        assert.equal(after.entries, before.entries - 2);
        assert.equal(await traces([old.id, justPast.id, waiting.id]), 0);
        assert.equal(await traces([justInside.id, recent.id]), keptTraces);
        const left = await withTenant(
          app.deps.db,
          scope.tenantId,
          (trx) => trx.selectFrom("queueEntries").select("id").execute(),
        );
        const ids = left.map((r) => r.id);
        for (const v of [justInside, waiting, recent]) assert.ok(ids.includes(v.id));
        const audit = (await auditFor(app, "demo", scope.tenantId))
          .filter((r) => r.action === "retention.purge");
        assert.equal(audit.length, 1, "one runner did the work and recorded it");
        assert.deepEqual(
          (({ entries, messages, notifications }) => ({ entries, messages, notifications }))(
            audit[0]!.details as typeof total,
          ),
          total,
        );
        assert.equal(audit[0]!.userType, "SYSTEM");
      },
    );

    await t.step("the roll-ups stay: the old months keep their figures", async () => {
      const again = await buildAnalyticsReport(scope, query, { now });
      assert.equal(again.totals.joined, history.totals.joined);
      assert.ok(again.totals.joined >= 1);
      assert.deepEqual(again.daily, history.daily);
      const second = await applyRetention(app.deps.db, { fallbackMonths: 6, now });
      assert.deepEqual(second, { entries: 0, messages: 0, notifications: 0 });
    });
  } finally {
    await app.close();
  }
});

Deno.test("retention also deletes old WhatsApp/SMS messages and idle conversations, keeping a STOP", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const scope = await tenantScope(app, "demo");
    const now = new Date();
    const old = new Date(monthsBefore(now, 6).getTime() - 60 * MINUTE);
    const phones = { old: "+60121110001", stopped: "+60121110002", recent: "+60121110003" };
    await withTenant(app.deps.db, scope.tenantId, async (trx) => {
      for (const [which, phone] of Object.entries(phones)) {
        await insertInboundMessage(trx, {
          tenantId: scope.tenantId,
          phone,
          channel: "sms",
          providerMessageId: `SM${which}`,
          body: `JOIN, I am ${which}`,
          profileName: null,
          optOutType: null,
        });
        await saveConversation(trx, scope.tenantId, {
          phone,
          channel: "sms",
          locale: "en",
          customerName: `Customer ${which}`,
          awaiting: null,
          pending: null,
          lastInboundAt: now,
          optedOutAt: which === "stopped" ? old : null,
        });
      }
      const aged = [phones.old, phones.stopped];
      await trx.updateTable("conversationMessages").set({ createdAt: old })
        .where("phone", "in", aged).execute();
      await trx.updateTable("conversations").set({ updatedAt: old })
        .where("phone", "in", aged).execute();
    });
    const r = await applyRetention(app.deps.db, { fallbackMonths: 6, now });
    assert.equal(r.messages, 2, "the two old messages");
    const left = await withTenant(app.deps.db, scope.tenantId, async (trx) => ({
      messages: (await trx.selectFrom("conversationMessages").select("phone").execute())
        .map((m) => m.phone),
      conversations: await trx.selectFrom("conversations").select(["phone", "customerName"])
        .orderBy("phone").execute(),
    }));
    assert.deepEqual(left.messages, [phones.recent]);
    assert.deepEqual(left.conversations, [
      { phone: phones.stopped, customerName: null }, // the STOP stays, the name goes
      { phone: phones.recent, customerName: "Customer recent" },
    ]);
  } finally {
    await app.close();
  }
});
