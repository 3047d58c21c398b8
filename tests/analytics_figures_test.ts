import assert from "node:assert/strict";
import { buildAnalyticsReport } from "../lib/analytics/dashboard.ts";
import { rollUpTenant } from "../lib/analytics/rollup.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { applyEntryAction } from "../lib/queue/entry_actions.ts";
import { updateBusinessSettings } from "../lib/merchant/settings.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId } from "./helpers/forms.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { pinEntryTimes } from "./helpers/clock_repo.ts";
import { type SeededVisit, seedVisits, tenantScope } from "./helpers/analytics_history.ts";

const DEMO = "http://demo.localhost";
/** 12:00 on Friday 20 November 2026 in Kuala Lumpur (UTC+8). */
const NOW = new Date("2026-11-20T04:00:00Z");

/** The quote error (minutes, actual − quoted) of the called visits, worked out by hand. */
function quoteErrors(visits: SeededVisit[]) {
  return visits.filter((v) => v.callAfter !== undefined).map((v) => v.callAfter! - v.quoted);
}

Deno.test("analytics: figures of a seeded week equal the hand-computed ones, raw and rolled up", async (t) => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const scope = await tenantScope(app, "demo");
    const queueId = await firstQueueId(app, DEMO);
    const visits = await seedVisits(scope, queueId, [
      { joinedAt: "2026-11-12T05:00:00Z", callAfter: 3, completeAfter: 3 }, // before the 7 days
      { joinedAt: "2026-11-19T01:00:00Z", callAfter: 10, seatAfter: 5 }, // Thu 09:00
      { joinedAt: "2026-11-19T01:05:00Z", callAfter: 20, completeAfter: 10, platform: "api" },
      { joinedAt: "2026-11-19T02:00:00Z", callAfter: 30, end: "no-show" }, // Thu 10:00
      { joinedAt: "2026-11-19T02:10:00Z", end: "cancel" },
      { joinedAt: "2026-11-18T15:30:00Z", callAfter: 45, seatAfter: 15, platform: "whatsapp" }, // Wed 23:30
      { joinedAt: "2026-11-18T16:30:00Z", callAfter: 5, completeAfter: 20 }, // Thu 00:30 (UTC: the 18th)
      { joinedAt: "2026-11-18T23:50:00Z", end: "cancel" }, // Thu 07:50, just before midnight UTC
      { joinedAt: "2026-11-14T04:30:00Z" }, // Sat 14th 12:30, still waiting
    ]);
    const inWindow = visits.slice(1);

    const raw = await buildAnalyticsReport(scope, { period: "7d" }, { now: NOW });

    await t.step("totals, rates, averages and p90 in the tenant's days", () => {
      assert.deepEqual(raw.totals, {
        joined: 8,
        served: 4,
        noShow: 1,
        cancelled: 2,
        finished: 7,
        completionRate: 0.5714,
        noShowRate: 0.1429,
        cancellationRate: 0.2857,
        avgWaitMinutes: 22, // (10 + 20 + 30 + 45 + 5) / 5
        p90WaitMinutes: 45, // 5th of 5 by nearest rank
        avgServiceMinutes: 12.5, // (5 + 10 + 15 + 20) / 4
        p90ServiceMinutes: 20,
      });
      assert.equal(raw.timeZone, "Asia/Kuala_Lumpur");
      assert.equal(raw.period.firstDay, "2026-11-13");
      assert.equal(raw.period.lastDay, "2026-11-20");
    });

    await t.step(
      "daily series by local day: entries either side of midnight UTC land right",
      () => {
        const byDay = Object.fromEntries(raw.daily.map((d) => [d.date, d]));
        assert.equal(raw.daily.length, 8);
        assert.deepEqual(byDay["2026-11-19"], {
          date: "2026-11-19",
          joined: 6,
          served: 3,
          noShow: 1,
          cancelled: 2,
          avgWaitMinutes: 16.3, // (10 + 20 + 30 + 5) / 4 = 16.25
        });
        assert.deepEqual(byDay["2026-11-18"], {
          date: "2026-11-18",
          joined: 1,
          served: 1,
          noShow: 0,
          cancelled: 0,
          avgWaitMinutes: 45,
        });
        assert.equal(byDay["2026-11-14"]!.joined, 1);
        assert.equal(byDay["2026-11-12"], undefined);
      },
    );

    await t.step("peaks by weekday and hour, channels, queues, today", () => {
      const g = raw.peaks.grid;
      assert.equal(g[4]![9], 2); // Thursday 09:00
      assert.equal(g[4]![10], 2);
      assert.equal(g[4]![0], 1);
      assert.equal(g[4]![7], 1);
      assert.equal(g[3]![23], 1); // Wednesday 23:30
      assert.equal(g[6]![12], 1); // Saturday
      assert.equal(g.flat().reduce((a, b) => a + b), 8);
      assert.deepEqual(raw.peaks.busiest, { weekday: 4, hour: 9, joined: 2 });
      assert.deepEqual(raw.channels, [
        { channel: "web", joined: 6, served: 2 },
        { channel: "whatsapp", joined: 1, served: 1 },
        { channel: "api", joined: 1, served: 1 },
      ]);
      assert.equal(raw.queues.length, 1);
      assert.equal(raw.queues[0]!.joined, 8);
      assert.equal(raw.queues[0]!.p90WaitMinutes, 45);
      assert.deepEqual(raw.today, {
        date: "2026-11-20",
        waiting: 1,
        called: 0,
        joined: 0,
        served: 0,
      });
    });

    await t.step("quoted vs actual: the quote each party saw, against its wait", async () => {
      const stored = await withTenant(
        app.deps.db,
        scope.tenantId,
        (trx) => trx.selectFrom("queueEntries").select(["id", "quotedWaitMinutes"]).execute(),
      );
      for (const v of visits) {
        assert.equal(stored.find((r) => r.id === v.id)!.quotedWaitMinutes, v.quoted);
      }
      const errors = quoteErrors(inWindow);
      const mean = Math.round(errors.reduce((a, b) => a + b) / errors.length * 10) / 10;
      assert.equal(raw.quoteAccuracy.entries, 5);
      assert.equal(raw.quoteAccuracy.meanErrorMinutes, mean);
      const under = errors.filter((e) => e > 0).length;
      assert.equal(raw.quoteAccuracy.underestimatedShare, Math.round(under / 5 * 10_000) / 10_000);
      const nine = raw.quoteAccuracy.byHour.find((h) => h.hour === 9)!;
      assert.equal(nine.entries, 2);
      const nineErrors = quoteErrors(inWindow.slice(0, 2));
      assert.equal(
        nine.meanErrorMinutes,
        Math.round((nineErrors[0]! + nineErrors[1]!) / 2 * 10) / 10,
      );
    });

    await t.step("rolled up, the same figures come from queue_analytics", async () => {
      const days = await rollUpTenant(app.deps.db, scope.tenantId, NOW);
      assert.equal(days, 8, "the 12th to the 19th");
      const rows = await withTenant(
        app.deps.db,
        scope.tenantId,
        (trx) =>
          trx.selectFrom("queueAnalytics").select(["totalCustomers", "peakHour", "noShowRate"])
            .where("date", "=", "2026-11-19").execute(),
      );
      assert.deepEqual(rows, [{ totalCustomers: 6, peakHour: 9, noShowRate: 0.1667 }]);
      assert.equal(await rollUpTenant(app.deps.db, scope.tenantId, NOW), 0, "nothing twice");
      const rolled = await buildAnalyticsReport(scope, { period: "7d" }, { now: NOW });
      assert.deepEqual(rolled, raw);
    });

    await t.step("a change to a rolled-up day reaches its roll-up through the outbox", async () => {
      const waiting = visits[8]!;
      await applyEntryAction(scope, queueId, waiting.id, "call");
      await withTenant(app.deps.db, scope.tenantId, (trx) =>
        pinEntryTimes(trx, waiting.id, {
          joinedAt: new Date(waiting.joinedAt),
          calledAt: new Date(Date.parse(waiting.joinedAt) + 30 * 60_000),
        }));
      const day14 = () =>
        withTenant(
          app.deps.db,
          scope.tenantId,
          (trx) =>
            trx.selectFrom("queueAnalytics").select("averageWaitTime")
              .where("date", "=", "2026-11-14").executeTakeFirstOrThrow(),
        );
      assert.equal((await day14()).averageWaitTime, 0, "rolled up while it was waiting");
      assert.equal((await drainOutbox(app)).pending, 0);
      assert.equal((await day14()).averageWaitTime, 30, "redone by the outbox handler");
      const after = await buildAnalyticsReport(scope, { period: "7d" }, { now: NOW });
      assert.equal(after.totals.avgWaitMinutes, 23.3); // (10+20+30+45+5+30) / 6
      const fromRaw = await withTenant(
        app.deps.db,
        scope.tenantId,
        (trx) => trx.deleteFrom("analyticsRollups").execute(),
      );
      assert.ok(fromRaw);
      assert.deepEqual(await buildAnalyticsReport(scope, { period: "7d" }, { now: NOW }), after);
    });
  } finally {
    await app.close();
  }
});

Deno.test("analytics: a New York day across the end of daylight saving has 25 hours", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const scope = await tenantScope(app, "demo");
    await updateBusinessSettings(scope, { timezone: "America/New_York" });
    const queueId = await firstQueueId(app, DEMO);
    await seedVisits(scope, queueId, [
      { joinedAt: "2026-10-31T03:59:00Z", callAfter: 1, completeAfter: 1 }, // Fri 23:59 EDT
      { joinedAt: "2026-11-01T04:30:00Z", callAfter: 10, completeAfter: 1 }, // Sun 00:30 EDT
      { joinedAt: "2026-11-01T05:30:00Z", callAfter: 20, completeAfter: 1 }, // 01:30 EDT
      { joinedAt: "2026-11-01T06:30:00Z", callAfter: 30, completeAfter: 1 }, // 01:30 EST
      { joinedAt: "2026-11-02T04:30:00Z", callAfter: 40, completeAfter: 1 }, // Sun 23:30 EST
      { joinedAt: "2026-11-02T05:30:00Z", callAfter: 50, completeAfter: 1 }, // Mon 00:30 EST
    ]);
    const now = new Date("2026-11-03T17:00:00Z");
    const query = { from: "2026-11-01", to: "2026-11-01" };
    const raw = await buildAnalyticsReport(scope, query, { now });
    assert.equal(raw.period.from, "2026-11-01T04:00:00.000Z");
    assert.equal(raw.period.to, "2026-11-02T05:00:00.000Z");
    assert.equal(raw.totals.joined, 4);
    assert.equal(raw.totals.avgWaitMinutes, 25);
    assert.deepEqual(raw.daily.map((d) => [d.date, d.joined]), [["2026-11-01", 4]]);
    const sunday = raw.peaks.grid[0]!;
    assert.deepEqual([sunday[0], sunday[1], sunday[23]], [1, 2, 1]);
    assert.equal(await rollUpTenant(app.deps.db, scope.tenantId, now), 4, "Oct 30 to Nov 2");
    assert.deepEqual(await buildAnalyticsReport(scope, query, { now }), raw);
    const week = await buildAnalyticsReport(scope, { period: "7d" }, { now });
    assert.deepEqual(
      week.daily.filter((d) => d.joined > 0).map((d) => [d.date, d.joined]),
      [["2026-10-30", 1], ["2026-11-01", 4], ["2026-11-02", 1]],
    );
  } finally {
    await app.close();
  }
});
