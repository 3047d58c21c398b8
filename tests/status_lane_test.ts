import assert from "node:assert/strict";
import { manifest } from "../fresh.gen.ts";
import { createApp } from "../lib/app.tsx";
import { withStatusLane } from "../lib/http/status_lane.ts";
import { requestCounts } from "../lib/metrics/registry.ts";
import { firstQueueId, jsonPost, staffCookie } from "./helpers/forms.ts";
import { setTenantActive } from "./helpers/tenant_admin_repo.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const LIMIT = 12;

/**
 * The lane in front of a chain-only app on the same deps: `chainCalls` tells which one answered.
 */
function laneAndChain(app: TestApp) {
  const chainApp = createApp(app.deps, manifest, { statusLane: false });
  const env = (ip: string) => ({ remoteAddr: { hostname: ip, port: 40000, transport: "tcp" } });
  let chainCalls = 0;
  const lane = withStatusLane(app.deps, (req, e) => {
    chainCalls++;
    return chainApp.fetch(req, e);
  });
  return {
    lane: async (url: string, init: RequestInit = {}, ip = "10.0.0.1") => {
      const before = chainCalls;
      const res = await lane(new Request(url, init), env(ip));
      return { res, byChain: chainCalls > before };
    },
    chain: (url: string, init: RequestInit = {}, ip = "10.0.0.1") =>
      Promise.resolve(chainApp.fetch(new Request(url, init), env(ip))),
  };
}

/** Headers as a sorted list, the request id's value and the limit's remainder left out. */
function comparable(res: Response): string[] {
  return [...res.headers].filter(([n]) => n !== "x-request-id" && n !== "ratelimit-remaining")
    .map(([n, v]) => `${n}: ${v}`).sort();
}

async function join(app: TestApp, n: number, name = `Lane ${n}`): Promise<string> {
  const queueId = await firstQueueId(app, DEMO);
  const res = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
    customerName: name,
    customerPhone: `0123450${String(n).padStart(3, "0")}`,
    partySize: 2,
  });
  assert.equal(res.status, 201);
  return (await res.json()).entry.sessionId;
}

Deno.test("a ticket's poll answered in front of the chain is the chain's answer", async (t) => {
  const app = await startTestApp({
    RATE_LIMIT_MAX_FREE: String(LIMIT),
    RATE_LIMIT_MAX_BASIC: String(LIMIT),
    RATE_LIMIT_MAX_PREMIUM: String(LIMIT),
    RATE_LIMIT_MAX_ENTERPRISE: String(LIMIT),
  });
  const { lane, chain } = laneAndChain(app);
  try {
    const sessionId = await join(app, 1);
    const url = `${DEMO}/api/queues/entry/${sessionId}`;

    await t.step("same status, body and headers; one limit counter for both", async () => {
      const fromChain = await chain(url, {}, "10.0.0.2");
      const { res, byChain } = await lane(url, {}, "10.0.0.2");
      assert.equal(byChain, false, "the lane answered");
      assert.equal(res.status, 200);
      assert.equal(await res.text(), await fromChain.text());
      assert.deepEqual(comparable(res), comparable(fromChain));
      assert.equal(
        res.headers.get("content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'",
      );
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.equal(res.headers.get("cross-origin-resource-policy"), "same-origin");
      assert.equal(res.headers.get("permissions-policy"), null, "a document's header only");
      assert.match(res.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
      assert.notEqual(res.headers.get("x-request-id"), fromChain.headers.get("x-request-id"));
      assert.equal(
        Number(res.headers.get("ratelimit-remaining")),
        Number(fromChain.headers.get("ratelimit-remaining")) - 1,
        "the lane counts in the chain's own bucket",
      );
    });

    await t.step("compressed as the chain compresses it, once per change", async () => {
      const long = await join(app, 2, "Zoë Müller-Lüdenscheidt ".repeat(4).trim());
      const longUrl = `${DEMO}/api/queues/entry/${long}`;
      const headers = { "accept-encoding": "gzip, deflate, br" };
      const fromChain = await chain(longUrl, { headers }, "10.0.0.3");
      const { res, byChain } = await lane(longUrl, { headers }, "10.0.0.3");
      assert.equal(byChain, false);
      assert.equal(res.headers.get("content-encoding"), "br");
      assert.deepEqual(comparable(res), comparable(fromChain));
      assert.deepEqual(
        new Uint8Array(await res.arrayBuffer()),
        new Uint8Array(await fromChain.arrayBuffer()),
      );
    });

    await t.step("the metrics count it under the route's pattern, as the chain does", async () => {
      const key = (r: { route: string; method: string; status: number }) =>
        `${r.method} ${r.status} ${r.route}`;
      const count = () =>
        requestCounts().filter((r) => key(r) === "GET 200 /api/queues/entry/:sessionId")
          .reduce((n, r) => n + r.n, 0);
      const before = count();
      await chain(url, {}, "10.0.0.4");
      assert.equal(count(), before + 1, "the chain's label");
      assert.equal((await lane(url, {}, "10.0.0.4")).byChain, false);
      assert.equal(count(), before + 2, "the lane's is the same");
    });

    await t.step("what the lane cannot answer, the chain answers as before", async () => {
      const unknown = await lane(`${DEMO}/api/queues/entry/${"x".repeat(32)}`);
      assert.equal(unknown.byChain, true);
      assert.equal(unknown.res.status, 404);
      assert.deepEqual(await unknown.res.json(), {
        error: "No queue entry found for this link",
        code: "not_found",
      });

      const malformed = await lane(`${DEMO}/api/queues/entry/not-a-session`);
      assert.equal(malformed.byChain, true);
      assert.equal(malformed.res.status, 404);
      await malformed.res.body?.cancel();

      // Another tenant's host never reads this tenant's ticket.
      const foreign = await lane(`${CAFE}/api/queues/entry/${sessionId}`);
      assert.equal(foreign.byChain, true);
      assert.equal(foreign.res.status, 404);
      assert.doesNotMatch(await foreign.res.text(), /Lane 1/);

      const nowhere = await lane(`http://nowhere.localhost/api/queues/entry/${sessionId}`);
      assert.equal(nowhere.byChain, true);
      assert.equal(nowhere.res.status, 404);
      await nowhere.res.body?.cancel();

      const keyed = await lane(url, { headers: { authorization: "Bearer qms_nokey" } });
      assert.equal(keyed.byChain, true);
      assert.equal(keyed.res.status, 401);
      await keyed.res.body?.cancel();

      const posted = await lane(url, { method: "POST", body: "{}" });
      assert.equal(posted.byChain, true);
      assert.notEqual(posted.res.status, 200);
      await posted.res.body?.cancel();
    });

    await t.step("a finished ticket is not in memory: the chain reads it", async () => {
      const done = await join(app, 4);
      const doneUrl = `${DEMO}/api/queues/entry/${done}`;
      assert.equal((await lane(doneUrl)).byChain, false, "live, from memory");
      const tenantId = (await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" }))!.id;
      const entryId = (await app.deps.reads.entryStatus(tenantId, done))!.id;
      const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
      const queueId = await firstQueueId(app, DEMO);
      const cancelled = await jsonPost(app, `${DEMO}/api/queues/${queueId}/cancel/${entryId}`, {}, {
        headers: { cookie: staff },
      });
      assert.equal(cancelled.status, 200);
      const { res, byChain } = await lane(doneUrl, {}, "10.0.0.5");
      assert.equal(byChain, true);
      assert.equal(res.status, 200);
      assert.equal((await res.json()).entry.status, "cancelled");
    });

    await t.step("a client over its limit gets the chain's 429, counted once", async () => {
      const ip = "10.0.0.9";
      for (let i = 0; i < LIMIT; i++) {
        const { res, byChain } = await lane(url, {}, ip);
        assert.equal(byChain, false);
        assert.equal(res.status, 200);
        assert.equal(Number(res.headers.get("ratelimit-remaining")), LIMIT - 1 - i);
        await res.body?.cancel();
      }
      const over = await lane(url, {}, ip);
      assert.equal(over.byChain, true);
      assert.equal(over.res.status, 429);
      assert.ok(Number(over.res.headers.get("retry-after")) >= 1);
      await over.res.body?.cancel();
      const other = await lane(url, {}, "10.0.0.10");
      assert.equal(other.res.status, 200, "another client has its own count");
      await other.res.body?.cancel();
    });

    await t.step("a suspended tenant's poll gets the chain's 503", async () => {
      await setTenantActive(app.ownerDb, "demo", false);
      app.deps.tenants.forget();
      const { res, byChain } = await lane(url, {}, "10.0.0.11");
      assert.equal(byChain, true);
      assert.equal(res.status, 503);
      assert.equal(res.headers.get("retry-after"), "300");
      await res.body?.cancel();
      await setTenantActive(app.ownerDb, "demo", true);
      app.deps.tenants.forget();
      assert.equal((await lane(url, {}, "10.0.0.11")).byChain, false);
    });
  } finally {
    await app.close();
  }
});

Deno.test("behind a trusted proxy the lane reads the forwarded host and client", async () => {
  const app = await startTestApp({
    TRUST_PROXY: "true",
    RATE_LIMIT_MAX_FREE: String(LIMIT),
    RATE_LIMIT_MAX_BASIC: String(LIMIT),
    RATE_LIMIT_MAX_PREMIUM: String(LIMIT),
    RATE_LIMIT_MAX_ENTERPRISE: String(LIMIT),
  });
  const { lane } = laneAndChain(app);
  try {
    const sessionId = await join(app, 3);
    const url = `http://10.0.0.1:8000/api/queues/entry/${sessionId}`;
    const as = (client: string) => ({
      headers: { "x-forwarded-host": "demo.localhost", "x-forwarded-for": client },
    });
    const first = await lane(url, as("203.0.113.7"), "10.0.0.1");
    assert.equal(first.byChain, false);
    assert.equal(first.res.status, 200);
    assert.equal((await first.res.json()).entry.sessionId, sessionId);
    const again = await lane(url, as("203.0.113.7"), "10.0.0.1");
    const other = await lane(url, as("203.0.113.8"), "10.0.0.1");
    assert.equal(Number(again.res.headers.get("ratelimit-remaining")), LIMIT - 2);
    assert.equal(Number(other.res.headers.get("ratelimit-remaining")), LIMIT - 1);
    await again.res.body?.cancel();
    await other.res.body?.cancel();
    const cafe = await lane(url, {
      headers: { "x-forwarded-host": "cafe.localhost", "x-forwarded-for": "203.0.113.9" },
    });
    assert.equal(cafe.res.status, 404, "the forwarded host decides the tenant");
    await cafe.res.body?.cancel();
  } finally {
    await app.close();
  }
});
