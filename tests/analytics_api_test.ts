import assert from "node:assert/strict";
import { buildAnalyticsReport } from "../lib/analytics/dashboard.ts";
import { EXPORT_COLUMNS } from "../lib/analytics/export.ts";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, staffCookie } from "./helpers/forms.ts";
import { seedVisits, tenantScope } from "./helpers/analytics_history.ts";
import { insertPastCalls } from "./helpers/history_repo.ts";
import { withTenant } from "../lib/db/transaction_repo.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const HOUR = 3_600_000;

/** Splits one CSV line (quoted cells may hold commas). */
function csvCells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1)
    .map((m) => m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!);
}

Deno.test("analytics API: who may read it, what it refuses, and the same numbers as the domain", async (t) => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const cafeOwner = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
    const scope = await tenantScope(app, "demo");
    const queueId = await firstQueueId(app, DEMO);
    const cafeQueueId = await firstQueueId(app, CAFE);
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
    await seedVisits(scope, queueId, [
      { joinedAt: at(50), callAfter: 12, seatAfter: 4, platform: "whatsapp" },
      { joinedAt: at(30), callAfter: 8, completeAfter: 6 },
      { joinedAt: at(26), callAfter: 20, end: "no-show" },
      { joinedAt: at(3), end: "cancel", platform: "api" },
      { joinedAt: at(1) },
    ]);
    const get = (url: string, cookie = owner) => app.request(url, { headers: { cookie } });

    await t.step("the owner gets the same figures as the domain computes", async () => {
      const res = await get(`${DEMO}/api/analytics/dashboard?period=7d`);
      assert.equal(res.status, 200);
      const body = await res.json();
      const direct = await buildAnalyticsReport(scope, { period: "7d" }, {
        now: new Date(body.period.to),
      });
      assert.deepEqual(body, JSON.parse(JSON.stringify(direct)));
      assert.equal(body.totals.joined, 5);
      assert.equal(body.totals.served, 2);
      assert.equal(body.totals.avgWaitMinutes, 13.3); // (12 + 8 + 20) / 3
      assert.equal(body.today.waiting, 1);
      const oneDay = await (await get(`${DEMO}/api/analytics/dashboard?period=1d`)).json();
      assert.equal(oneDay.totals.joined, 2, "only the last 24 hours");
    });

    await t.step("one queue's figures; another tenant's queue is a 404", async () => {
      const res = await get(`${DEMO}/api/analytics/queue/${queueId}?period=30d`);
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.queues.length, 1);
      assert.equal(body.totals.joined, 5);
      const foreign = await get(`${DEMO}/api/analytics/queue/${cafeQueueId}?period=30d`);
      assert.equal(foreign.status, 404);
      assert.equal((await foreign.json()).code, "not_found");
    });

    await t.step("a period it does not know is a 422 naming the field", async () => {
      const bad = await get(`${DEMO}/api/analytics/dashboard?period=2d`);
      assert.equal(bad.status, 422);
      const body = await bad.json();
      assert.match(body.fields.period, /1d, 7d, 30d, 90d, 180d/);
      const half = await get(`${DEMO}/api/analytics/dashboard?from=2026-01-01`);
      assert.equal(half.status, 422);
      assert.equal((await half.json()).fields.to, "Give both from and to");
      const backwards = await get(`${DEMO}/api/analytics/export?from=2026-02-01&to=2026-01-01`);
      assert.equal(backwards.status, 422);
      const format = await get(`${DEMO}/api/analytics/export?format=xml`);
      assert.equal(format.status, 422);
    });

    await t.step(
      "staff, a plan without analytics, and strangers are refused with the reason",
      async () => {
        const asStaff = await get(`${DEMO}/api/analytics/dashboard`, staff);
        assert.equal(asStaff.status, 403);
        assert.match((await asStaff.json()).error, /role does not allow/);
        const cafe = await get(`${CAFE}/api/analytics/dashboard`, cafeOwner);
        assert.equal(cafe.status, 403);
        const body = await cafe.json();
        assert.equal(body.code, "plan_feature");
        assert.match(body.error, /not part of the FREE plan/);
        assert.equal((await app.request(`${DEMO}/api/analytics/dashboard`)).status, 401);
        assert.equal((await get(`${CAFE}/api/analytics/dashboard`, owner)).status, 401);
      },
    );

    await t.step("CSV export: a header row, one row per entry, ISO times, both waits", async () => {
      const res = await get(`${DEMO}/api/analytics/export?format=csv&period=7d`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /^text\/csv/);
      assert.match(
        res.headers.get("content-disposition")!,
        /attachment; filename="analytics-7d\.csv"/,
      );
      const lines = (await res.text()).trimEnd().split("\r\n");
      assert.deepEqual(lines[0]!.split(","), [...EXPORT_COLUMNS]);
      assert.equal(lines.length, 6);
      const rows = lines.slice(1).map(csvCells);
      const first = Object.fromEntries(EXPORT_COLUMNS.map((k, i) => [k, rows[0]![i]]));
      assert.equal(first.channel, "whatsapp");
      assert.equal(first.status, "completed");
      assert.equal(first.joinedAt, at(50));
      assert.equal(first.actualWaitMinutes, "12");
      assert.match(first.quotedWaitMinutes!, /^\d+$/);
      assert.match(first.seatedAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(rows[4]![EXPORT_COLUMNS.indexOf("calledAt")], "", "never called: empty");
    });

    await t.step("JSON export holds the same entries; the cafe's are never in it", async () => {
      const res = await get(`${DEMO}/api/analytics/export?format=json&period=30d`);
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.timeZone, "Asia/Kuala_Lumpur");
      assert.equal(body.entries.length, 5);
      assert.deepEqual(body.entries.map((e: { status: string }) => e.status), [
        "completed",
        "completed",
        "no_show",
        "cancelled",
        "waiting",
      ]);
      assert.ok(body.entries.every((e: { queue: string }) => e.queue === "Dine-in"));
    });
  } finally {
    await app.close();
  }
});

Deno.test("export pages through ties: every entry once, in join order, across pages", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const scope = await tenantScope(app, "demo");
    const queueId = await firstQueueId(app, DEMO);
    const base = Date.now() - 5 * HOUR;
    // 1,100 visits joined at four instants only: the pages of 500 split runs of equal times.
    const calls = Array.from({ length: 1100 }, (_, n) => {
      const joinedAt = new Date(base + Math.floor(n / 300) * 60_000);
      return { joinedAt, calledAt: new Date(joinedAt.getTime() + 5 * 60_000), partySize: 2 };
    });
    await withTenant(
      app.deps.db,
      scope.tenantId,
      (trx) => insertPastCalls(trx, scope.tenantId, queueId, calls),
    );
    const res = await app.request(`${DEMO}/api/analytics/export?format=csv&period=1d`, {
      headers: { cookie: owner },
    });
    assert.equal(res.status, 200);
    const rows = (await res.text()).trimEnd().split("\r\n").slice(1).map(csvCells);
    assert.equal(rows.length, 1100);
    const tickets = new Set(rows.map((r) => r[0]));
    assert.equal(tickets.size, 1100, "no entry twice, none missing");
    const joined = rows.map((r) => r[EXPORT_COLUMNS.indexOf("joinedAt")]!);
    assert.deepEqual(joined, [...joined].sort());

    // JSON streams too, page by page, even to a browser that accepts compression: the first
    // bytes are the file's head, sent before the later pages are read (never buffered whole).
    const json = await app.request(`${DEMO}/api/analytics/export?format=json&period=1d`, {
      headers: { cookie: owner, "accept-encoding": "br, gzip" },
    });
    assert.equal(json.status, 200);
    assert.equal(json.headers.get("content-encoding"), null);
    assert.equal(json.headers.get("content-length"), null, "streamed, not buffered");
    const reader = json.body!.getReader();
    const head = new TextDecoder().decode((await reader.read()).value);
    assert.match(head, /^\{"timeZone":/);
    let text = head;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += new TextDecoder().decode(r.value);
    }
    assert.equal(JSON.parse(text).entries.length, 1100);
  } finally {
    await app.close();
  }
});
