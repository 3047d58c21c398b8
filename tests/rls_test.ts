import assert from "node:assert/strict";
import { withPlatform, withTenant } from "../lib/db/transaction_repo.ts";
import { DB_KIND, scratchDatabase, startTestApp } from "./helpers/test_app.ts";
import { openDatabase } from "../lib/db/database.ts";
import { insertAuditLog, listAuditLogs } from "../lib/audit/audit_repo.ts";
import { withAppRoleAndNoTenant } from "./helpers/platform_probe_repo.ts";
import {
  chatDeliveriesSaying,
  countEntriesNamed,
  countQueues,
  currentRole,
  firstMerchantId,
  firstQueueIdOf,
  forgetAlmostTold,
  insertQueueRow,
  listQueueTenantIds,
  outboxRowsAmong,
  quotedWaitOf,
  renameAllQueues,
  settingsOutsideTransaction,
  tenantTablesRls,
} from "./helpers/rls_probe_repo.ts";
import { joinQueueEntryAlone, readQueueForJoin } from "../lib/queue/join_repo.ts";
import { newEvent } from "../lib/events/event_types.ts";
import { claimDueEvents, settleEvents } from "../lib/events/outbox_repo.ts";
import {
  findEntryDay,
  findTenantTimeZone,
  setQuotedWaits,
} from "../lib/analytics/analytics_repo.ts";
import { findNotifyEntriesAs } from "../lib/notify/context_repo.ts";
import { markAlmostTurnAlone } from "../lib/notify/nudges_repo.ts";
import { deliverSystemChatMessagesAs } from "../lib/chat/system_message_repo.ts";
import { findPhoneReachesAs, saveConversation } from "../lib/conversation/conversation_repo.ts";
import { TENANT_TABLES } from "../migrations/20261124000000_initial_schema.ts";

async function tenantIds(app: Awaited<ReturnType<typeof startTestApp>>) {
  const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  const cafe = await app.deps.tenants.lookup({ kind: "subdomain", slug: "cafe" });
  return { demo: demo!.id, cafe: cafe!.id };
}

/** A party joining `queueId` as `join_queue_entry_as` takes it, and its event. */
function party(tenantId: string, queueId: string) {
  return {
    id: crypto.randomUUID(),
    tenantId,
    queueId,
    customerName: "Sneaky",
    customerPhone: `0123${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`,
    partySize: 2,
    notes: null,
    customerEmail: null,
    platform: "web" as const,
    rankStep: 1024,
    sessionId: crypto.randomUUID(),
    verificationCode: "1234",
    idempotencyKey: null,
    serviceTypeId: null,
    serviceDate: "2026-12-01",
    locale: "en" as const,
    phoneForms: [] as string[],
  };
}

function event(tenantId: string, queueId: string) {
  return {
    event: newEvent("entry.joined", tenantId, { queueId, entryId: crypto.randomUUID() }),
    pending: [],
  };
}

Deno.test(`row-level security holds on ${DB_KIND}`, async (t) => {
  const app = await startTestApp();
  const db = app.deps.db;
  try {
    const ids = await tenantIds(app);

    await t.step("the app runs as a role that is neither superuser nor BYPASSRLS", async () => {
      const role = await withTenant(db, ids.demo, currentRole);
      assert.deepEqual(role, { name: "qms_app", super: false, bypass: false });
    });

    await t.step("with no tenant set, tenant tables show no rows", async () => {
      assert.ok(await withPlatform(db, countQueues) >= 2);
      assert.equal(await withAppRoleAndNoTenant(db, countQueues), 0);
    });

    await t.step("a tenant sees only its own rows", async () => {
      assert.deepEqual(await withTenant(db, ids.demo, listQueueTenantIds), [ids.demo]);
      assert.deepEqual(await withTenant(db, ids.cafe, listQueueTenantIds), [ids.cafe]);
    });

    await t.step("writing a row for another tenant fails", async () => {
      const cafeMerchant = await withTenant(db, ids.cafe, firstMerchantId);
      await assert.rejects(
        withTenant(
          db,
          ids.demo,
          (trx) =>
            insertQueueRow(trx, { tenantId: ids.cafe, merchantId: cafeMerchant!, name: "Sneaky" }),
        ),
        /row-level security/,
      );
      assert.equal(await withTenant(db, ids.cafe, countQueues), 1);
    });

    await t.step("updating reaches only the tenant's own rows", async () => {
      assert.equal(await withTenant(db, ids.demo, (trx) => renameAllQueues(trx, "Renamed")), 1);
      const cafeQueueCount = await withTenant(db, ids.cafe, countQueues);
      assert.equal(cafeQueueCount, 1);
    });

    await t.step("a join sent as one statement reaches only its own tenant's queues", async () => {
      const cafeQueue = await withTenant(db, ids.cafe, firstQueueIdOf);
      // As demo, cafe's queue is not there (its row is hidden, so nothing is locked or joined);
      // the tenant and role the statement set end with it (asked on the same connection).
      const [asDemo, after] = await db.connection().execute(async (conn) =>
        [
          await joinQueueEntryAlone(
            conn,
            ids.demo,
            cafeQueue!,
            "",
            true,
            party(ids.demo, cafeQueue!),
            event(ids.demo, cafeQueue!),
          ),
          await settingsOutsideTransaction(conn),
        ] as const
      );
      assert.deepEqual(asDemo, { outcome: "missing" });
      assert.equal(after.tenant, "");
      assert.notEqual(after.role, "qms_app");
      // A party or event of another tenant than the one the statement sets is refused whole.
      await assert.rejects(
        joinQueueEntryAlone(
          db,
          ids.demo,
          cafeQueue!,
          "",
          true,
          party(ids.cafe, cafeQueue!),
          event(ids.cafe, cafeQueue!),
        ),
        /must be of tenant/,
      );
      assert.equal(
        await withTenant(db, ids.cafe, (trx) => countEntriesNamed(trx, "Sneaky")),
        0,
      );
    });

    await t.step("a quoted wait is written only on the named tenant's entries", async () => {
      const cafeQueue = (await withTenant(db, ids.cafe, firstQueueIdOf))!;
      const read = await withTenant(db, ids.cafe, (trx) => readQueueForJoin(trx, cafeQueue));
      const joined = party(ids.cafe, cafeQueue);
      const attempt = await joinQueueEntryAlone(
        db,
        ids.cafe,
        cafeQueue,
        read!.terms,
        true,
        joined,
        event(ids.cafe, cafeQueue),
      );
      assert.equal(attempt.outcome, "joined");
      const cafeEntry = joined.id;
      await setQuotedWaits(db, ids.demo, [{ entryId: cafeEntry, minutes: 99 }]);
      assert.notEqual(await withTenant(db, ids.cafe, (trx) => quotedWaitOf(trx, cafeEntry)), 99);
      await setQuotedWaits(db, ids.cafe, [{ entryId: cafeEntry, minutes: 98 }]);
      assert.equal(await withTenant(db, ids.cafe, (trx) => quotedWaitOf(trx, cafeEntry)), 98);
    });

    await t.step(
      "the notification round's statements reach only the named tenant's rows",
      async () => {
        const cafeQueue = (await withTenant(db, ids.cafe, firstQueueIdOf))!;
        const read = await withTenant(db, ids.cafe, (trx) => readQueueForJoin(trx, cafeQueue));
        const joined = party(ids.cafe, cafeQueue);
        const ev = event(ids.cafe, cafeQueue);
        assert.equal(
          (await joinQueueEntryAlone(db, ids.cafe, cafeQueue, read!.terms, true, joined, ev))
            .outcome,
          "joined",
        );
        // The entry: not there for demo, there for cafe; the settings end with the statement.
        const [asDemo, after] = await db.connection().execute(async (conn) =>
          [
            await findNotifyEntriesAs(conn, ids.demo, [joined.id]),
            await settingsOutsideTransaction(conn),
          ] as const
        );
        assert.equal(asDemo.size, 0);
        assert.equal(after.tenant, "");
        assert.notEqual(after.role, "qms_app");
        const asCafe = await findNotifyEntriesAs(db, ids.cafe, [joined.id]);
        assert.equal(asCafe.get(joined.id)?.entry.ticketNumber !== undefined, true);

        // The roll-up's probe: the entry's day only for its own tenant.
        // (That it puts back the settings it found: the step after the settlement's.)
        assert.equal(await findEntryDay(db, ids.demo, joined.id), null);
        const dayAsCafe = await findEntryDay(db, ids.cafe, joined.id);
        assert.equal(dayAsCafe?.queueId, cafeQueue);
        assert.ok(Math.abs(dayAsCafe!.joinedAt.getTime() - Date.now()) < 60_000);
        assert.equal(
          dayAsCafe?.timeZone,
          await withTenant(db, ids.cafe, (trx) => findTenantTimeZone(trx)),
        );

        // The "almost your turn" round: another tenant's marks no party and writes no event.
        assert.ok(await withTenant(db, ids.cafe, forgetAlmostTold) > 0);
        assert.deepEqual(await markAlmostTurnAlone(db, ids.demo, cafeQueue, ["notify:sms"]), []);
        const roundAsCafe = await markAlmostTurnAlone(db, ids.cafe, cafeQueue, ["notify:sms"]);
        assert.ok(roundAsCafe.length > 0, "the front of cafe's line is told");
        const eventIds = roundAsCafe.map((r) => r.eventId).sort();
        const rows = await withTenant(db, ids.cafe, (trx) => outboxRowsAmong(trx, eventIds));
        assert.deepEqual(
          rows.map((r) => [r.id, r.type, r.status, r.pending, r.doneAt]),
          eventIds.map((id) => [id, "entry.almost_turn", "pending", ["notify:sms"], null]),
        );
        for (const party of roundAsCafe) {
          assert.deepEqual(rows.find((r) => r.id === party.eventId)!.payload, {
            queueId: cafeQueue,
            entryId: party.id,
            ahead: party.ahead,
          });
          assert.equal(typeof party.ahead, "number");
        }
        assert.deepEqual(
          await withTenant(db, ids.demo, (trx) => outboxRowsAmong(trx, eventIds)),
          [],
        );
        assert.deepEqual(await markAlmostTurnAlone(db, ids.cafe, cafeQueue, []), [], "told once");
        // With no durable handler, its events are written done.
        await withTenant(db, ids.cafe, forgetAlmostTold);
        const unhandled = (await markAlmostTurnAlone(db, ids.cafe, cafeQueue, []))
          .map((r) => r.eventId);
        const done = await withTenant(db, ids.cafe, (trx) => outboxRowsAmong(trx, unhandled));
        assert.ok(done.length > 0);
        assert.ok(done.every((r) => r.status === "done" && r.doneAt !== null));

        // A phone's conversation: only its own tenant's.
        const phone = "+60123000999";
        await withTenant(db, ids.cafe, (trx) =>
          saveConversation(trx, ids.cafe, {
            phone,
            channel: "sms",
            locale: "en",
            customerName: null,
            awaiting: null,
            pending: null,
            lastInboundAt: new Date(),
            optedOutAt: null,
          }));
        assert.equal((await findPhoneReachesAs(db, ids.demo, [phone])).size, 0);
        assert.ok((await findPhoneReachesAs(db, ids.cafe, [phone])).get(phone)?.lastInboundAt);

        // A chat line about cafe's entry, sent as demo: neither recorded nor written anywhere.
        const line = (id: string) => ({
          id,
          entryId: joined.id,
          eventId: ev.event.id,
          channel: "WEBCHAT",
          topic: "joined",
          message: "Sneaky line",
          content: "Sneaky line",
        });
        const foreign = crypto.randomUUID();
        assert.deepEqual(
          await deliverSystemChatMessagesAs(db, ids.demo, [line(foreign)]),
          new Map([[foreign, "not_found"]]),
        );
        const none = { lines: 0, records: 0 };
        for (const tenant of [ids.demo, ids.cafe]) {
          assert.deepEqual(
            await withTenant(db, tenant, (trx) => chatDeliveriesSaying(trx, "Sneaky line")),
            none,
          );
        }
        const own = crypto.randomUUID();
        const again = crypto.randomUUID();
        assert.deepEqual(
          await deliverSystemChatMessagesAs(db, ids.cafe, [line(own), line(again)]),
          new Map([[own, "written"], [again, "attempted"]]),
          "an event's second line in the same round is neither recorded nor written",
        );
        assert.deepEqual(
          await withTenant(db, ids.cafe, (trx) => chatDeliveriesSaying(trx, "Sneaky line")),
          { lines: 1, records: 1 },
        );
      },
    );

    await t.step("the outbox's settlement statement leaves no platform role behind", async () => {
      const nobody = [{
        id: crypto.randomUUID(),
        attempts: 1,
        pending: [],
        lastError: null,
        retryInMs: 0,
        dead: false,
      }];
      const [none, after] = await db.connection().execute(async (conn) =>
        [
          await settleEvents(conn, nobody),
          await settingsOutsideTransaction(conn),
        ] as const
      );
      assert.equal(none.size, 0);
      assert.notEqual(after.role, "qms_platform");
      // Sent inside a tenant's transaction after all, the rest of it stays the tenant's.
      const inside = await withTenant(db, ids.demo, async (trx) => {
        await settleEvents(trx, nobody);
        return { role: await currentRole(trx), queues: await listQueueTenantIds(trx) };
      });
      assert.equal(inside.role.name, "qms_app");
      assert.deepEqual(inside.queues, [ids.demo]);
    });

    await t.step(
      "the outbox's claim, the roll-up's probe and the almost-turn round put back the role and tenant",
      async () => {
        const cafeQueue = (await withTenant(db, ids.cafe, firstQueueIdOf))!;
        // Sent inside a tenant's transaction after all, the rest of it stays that tenant's.
        const inside = await withTenant(db, ids.demo, async (trx) => {
          const claimed = await claimDueEvents(trx, { limit: 0, leaseMs: 1000 });
          const afterClaim = await currentRole(trx);
          await findEntryDay(trx, ids.cafe, crypto.randomUUID());
          await markAlmostTurnAlone(trx, ids.cafe, cafeQueue, []);
          return {
            claimed,
            afterClaim: afterClaim.name,
            role: (await currentRole(trx)).name,
            queues: await listQueueTenantIds(trx),
          };
        });
        assert.deepEqual(inside, {
          claimed: [],
          afterClaim: "qms_app",
          role: "qms_app",
          queues: [ids.demo],
        });
      },
    );

    await t.step(
      "platform audit rows: written only on the platform path, never seen by tenants",
      async () => {
        const row = {
          userId: null,
          userType: "SUPERADMIN" as const,
          action: "backoffice.test",
          resource: "test",
          resourceId: null,
          details: null,
          ipAddress: null,
          userAgent: null,
        };
        await withPlatform(db, (trx) => insertAuditLog(trx, { ...row, tenantId: null }));
        await assert.rejects(
          withTenant(db, ids.demo, (trx) => insertAuditLog(trx, { ...row, tenantId: null })),
          /row-level security/,
        );
        await assert.rejects(
          withAppRoleAndNoTenant(db, (trx) => insertAuditLog(trx, { ...row, tenantId: null })),
          /row-level security/,
        );
        const platformSees = await withPlatform(db, (trx) => listAuditLogs(trx));
        assert.ok(platformSees.some((r) => r.action === "backoffice.test" && r.tenantId === null));
        await withTenant(
          db,
          ids.demo,
          (trx) => insertAuditLog(trx, { ...row, action: "tenant.test", tenantId: ids.demo }),
        );
        const seen = await withTenant(db, ids.demo, (trx) => listAuditLogs(trx));
        assert.deepEqual(seen.map((r) => [r.tenantId, r.action]), [[ids.demo, "tenant.test"]]);
      },
    );

    await t.step(
      "every table with tenant_id has RLS forced, a tenant and a platform policy",
      async () => {
        const tables = await withPlatform(db, tenantTablesRls);
        assert.deepEqual(
          tables.map((r) => r.table).sort(),
          [
            ...TENANT_TABLES,
            "api_keys",
            "outbox",
            "chat_templates",
            "notification_settings",
            "push_subscriptions",
            "conversations",
            "conversation_messages",
            "analytics_rollups",
            "device_sessions",
            "queue_line_counts",
          ].sort(),
        );
        for (const r of tables) {
          assert.ok(r.enabled && r.forced && r.tenantPolicy, `${r.table} is not protected`);
          assert.ok(r.platformPolicy, `${r.table} has no platform policy for qms_platform`);
          assert.ok(r.platformCanRead, `${r.table} is not granted to qms_platform`);
        }
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test({
  name: "openDatabase() refuses a DATABASE_URL that connects as a superuser",
  ignore: DB_KIND !== "postgres",
  async fn() {
    const scratch = await scratchDatabase();
    try {
      await assert.rejects(
        openDatabase({ url: scratch.ownerUrl }),
        /bypasses row-level security; connect as the app role/,
      );
    } finally {
      await scratch.drop();
    }
  },
});
