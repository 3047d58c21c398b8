import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { adminBrowser, jsonHeaders, platformAuditFor } from "./helpers/backoffice_probe.ts";
import { createTenantDirectory } from "../lib/tenant/tenant_directory.ts";
import { setTenantActive } from "./helpers/tenant_admin_repo.ts";
import { staffCookie } from "./helpers/forms.ts";
import { countTenantRows } from "./helpers/backoffice_probe.ts";

const ADMIN = "http://admin.localhost";

Deno.test("back office tenants over JSON: check-slug, create race, edit, toggle, delete, TLS ask", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" }, {
    startDispatcher: false,
  });
  try {
    const admin = await adminBrowser(app);
    const headers = jsonHeaders(admin);
    const call = (method: string, path: string, body?: unknown) =>
      app.request(`${ADMIN}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    await t.step("check-slug says whether and why", async () => {
      const cases: Array<[string, boolean, RegExp | null]> = [
        ["fresh-place", true, null],
        ["demo", false, /taken/],
        ["ab", false, /3 to 50/],
        ["admin", false, /reserved/],
        ["-edge", false, /hyphen/],
        ["UPPER_case", false, /lower-case/],
      ];
      for (const [slug, available, reason] of cases) {
        const res = await call("GET", `/backoffice/tenants/check-slug?slug=${slug}`);
        assert.equal(res.status, 200);
        const body = await res.json();
        assert.equal(body.available, available, slug);
        if (reason) assert.match(body.reason, reason);
        else assert.equal(body.reason, undefined);
      }
    });

    await t.step("check-slug is for a back-office session only", async () => {
      const res = await app.request(`${ADMIN}/backoffice/tenants/check-slug?slug=x`, {
        headers: { accept: "application/json" },
      });
      assert.equal(res.status, 401);
      const onTenant = await app.request(
        "http://demo.localhost/backoffice/tenants/check-slug?slug=x",
        { headers },
      );
      assert.equal(onTenant.status, 404);
    });

    let id = "";
    await t.step("two creates of one slug at once: one 201, the other 409 'taken'", async () => {
      const body = (n: number) => ({
        name: `Race ${n}`,
        slug: "racer",
        ownerEmail: `owner${n}@race.test`,
        plan: "BASIC",
      });
      const answers = await Promise.all(
        [1, 2].map((n) => call("POST", "/backoffice/tenants", body(n))),
      );
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [201, 409]);
      const won = answers.find((r) => r.status === 201)!;
      const lost = answers.find((r) => r.status === 409)!;
      const created = await won.json();
      id = created.tenant.id;
      assert.equal(created.tenant.subscription.plan, "BASIC");
      assert.equal(created.tenant.subscription.maxUsersPerTenant, 10);
      const refusal = await lost.json();
      assert.equal(refusal.code, "slug_taken");
      assert.match(refusal.error, /"racer" is taken/);
      const list = await (await call("GET", "/backoffice/tenants?q=racer")).json();
      assert.equal(list.total, 1, "exactly one tenant has the slug");
    });

    await t.step("the list sorts and pages", async () => {
      const page = async (query: string) =>
        (await (await call("GET", `/backoffice/tenants?${query}`)).json()) as {
          tenants: Array<{ slug: string }>;
          total: number;
        };
      const all = await page("sort=slug&dir=asc&perPage=100");
      const slugs = all.tenants.map((t) => t.slug);
      assert.deepEqual(slugs, [...slugs].sort());
      assert.equal(all.total, 3);
      const second = await page("sort=slug&dir=desc&perPage=1&page=2");
      assert.deepEqual(second.tenants.map((t) => t.slug), [[...slugs].sort().reverse()[1]]);
      assert.equal(second.total, 3);
      const inactive = await page("status=inactive");
      assert.equal(inactive.total, 0);
    });

    await t.step("a bad create is a 422 naming the fields", async () => {
      const res = await call("POST", "/backoffice/tenants", {
        name: "x",
        slug: "www",
        plan: "GOLD",
      });
      assert.equal(res.status, 422);
      const body = await res.json();
      assert.deepEqual(Object.keys(body.fields).sort(), ["name", "ownerEmail", "plan", "slug"]);
    });

    await t.step("PATCH edits; a domain another tenant serves is a 409", async () => {
      const res = await call("PATCH", `/backoffice/tenants/${id}`, {
        domain: "Queue.Racer.test",
        plan: "ENTERPRISE",
      });
      assert.equal(res.status, 200);
      const { tenant } = await res.json();
      assert.equal(tenant.domain, "queue.racer.test");
      // A new plan and no limits given: the plan's defaults apply.
      assert.equal(tenant.subscription.maxUsersPerTenant, 100);
      assert.equal(tenant.subscription.aiFeatures, true);
      const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
      const clash = await call("PATCH", `/backoffice/tenants/${demo!.id}`, {
        domain: "queue.racer.test",
      });
      assert.equal(clash.status, 409);
      assert.equal((await clash.json()).code, "domain_taken");
      const slugClash = await call("PATCH", `/backoffice/tenants/${id}`, { slug: "cafe" });
      assert.equal(slugClash.status, 409);
      const unknown = await call("PATCH", `/backoffice/tenants/${crypto.randomUUID()}`, {
        name: "Nobody",
      });
      assert.equal(unknown.status, 404);
    });

    await t.step(
      "TLS ask: 200 for an active tenant's hosts, 404 otherwise, on any host",
      async () => {
        const ask = (domain: string, host = "unknown-host.example") =>
          app.request(`http://${host}/internal/tls/allowed?domain=${encodeURIComponent(domain)}`);
        assert.equal((await ask("racer.localhost")).status, 200);
        assert.equal((await ask("queue.racer.test", "demo.localhost")).status, 200);
        assert.equal((await ask("nobody.localhost")).status, 404);
        assert.equal((await ask("evil.example.com")).status, 404);
        assert.equal((await ask("admin.localhost")).status, 404);
        assert.equal((await app.request("http://x.test/internal/tls/allowed")).status, 400);
        const off = await call("POST", `/backoffice/tenants/${id}/toggle`, { isActive: false });
        assert.equal(off.status, 200);
        assert.equal((await ask("racer.localhost")).status, 404);
        assert.equal((await ask("queue.racer.test")).status, 404);
        const on = await call("POST", `/backoffice/tenants/${id}/toggle`, { isActive: true });
        assert.equal((await on.json()).tenant.isActive, true);
      },
    );

    await t.step("DELETE needs the slug: wrong is a 422 and nothing goes", async () => {
      const wrong = await call("DELETE", `/backoffice/tenants/${id}`, { confirmSlug: "race" });
      assert.equal(wrong.status, 422);
      assert.equal((await wrong.json()).code, "confirm_mismatch");
      assert.equal((await app.request("http://racer.localhost/")).status, 200);
      const ok = await call("DELETE", `/backoffice/tenants/${id}`, { confirmSlug: "racer" });
      assert.equal(ok.status, 200);
      assert.equal((await app.request("http://racer.localhost/")).status, 404);
      const actions = (await platformAuditFor(app, id)).map((r) => r.action).sort();
      assert.deepEqual(actions, [
        "tenant.activate",
        "tenant.create",
        "tenant.deactivate",
        "tenant.delete",
        "tenant.update",
      ]);
    });
    await t.step(
      "deleting a tenant with locations, queues, users and history cascades",
      async () => {
        const cafe = await app.deps.tenants.lookup({ kind: "subdomain", slug: "cafe" });
        const owner = await staffCookie(
          app,
          "http://cafe.localhost",
          "owner@cafe.test",
          "cafe1234",
        );
        const plan = await app.request("http://cafe.localhost/api/settings/plan", {
          headers: { cookie: owner },
        });
        assert.equal(plan.status, 200);
        const before = await countTenantRows(app, cafe!.id);
        assert.ok(
          before.queues > 0 && before.merchants > 0 && before.auditLogs > 0,
          JSON.stringify(before),
        );
        const ok = await call("DELETE", `/backoffice/tenants/${cafe!.id}`, { confirmSlug: "cafe" });
        assert.equal(ok.status, 200, await ok.clone().text());
        assert.deepEqual(await countTenantRows(app, cafe!.id), {
          queues: 0,
          merchants: 0,
          tenantUsers: 0,
          auditLogs: 0,
        });
        assert.equal((await app.request("http://cafe.localhost/")).status, 404);
        assert.equal((await app.request("http://demo.localhost/")).status, 200, "others untouched");
      },
    );

    await t.step(
      "a feature flag switched off reads as off in the tenant's plan at once",
      async () => {
        const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
        const owner = await staffCookie(
          app,
          "http://demo.localhost",
          "owner@demo.test",
          "demo1234",
        );
        const read = async () =>
          (await (await app.request("http://demo.localhost/api/settings/plan", {
            headers: { cookie: owner },
          })).json()).plan;
        assert.equal((await read()).analytics, true);
        const off = await call("PATCH", `/backoffice/tenants/${demo!.id}`, {
          analytics: false,
          customBranding: false,
        });
        assert.equal(off.status, 200);
        const plan = await read();
        assert.equal(plan.analytics, false);
        assert.equal(plan.customBranding, false);
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test("a change made in one process reaches another process's host cache through KV", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    let clock = 0;
    const now = () => clock;
    // Two processes: their own caches, one database and one KV.
    const here = createTenantDirectory(app.deps.db, { kv: app.deps.kv, now });
    let forgotten = 0; // what the other process derives from tenants (branding) goes with it
    const there = createTenantDirectory(app.deps.db, {
      kv: app.deps.kv,
      now,
      onForget: () => forgotten++,
    });
    const cafe = { kind: "subdomain", slug: "cafe" } as const;
    assert.ok(await there.lookup(cafe));
    await setTenantActive(app.ownerDb, "cafe", false);
    clock += 500;
    assert.ok(await there.lookup(cafe), "cached, no version change yet");
    await here.invalidate();
    assert.equal(await here.lookup(cafe), null, "the changing process forgets at once");
    clock += 400;
    assert.ok(await there.lookup(cafe), "the other process checks the version once a second");
    assert.equal(forgotten, 0);
    clock += 600;
    assert.equal(await there.lookup(cafe), null, "…and forgets within it");
    assert.equal(forgotten, 1, "and tells its branding cache");
    assert.equal((await there.resolve(cafe))?.active, false);
  } finally {
    await app.close();
  }
});

Deno.test("with KV gone the directory still answers from the database, and a change still lands", async () => {
  const app = await startTestApp({}, { startDispatcher: false });
  try {
    const errors: unknown[] = [];
    const broken = await Deno.openKv(":memory:");
    broken.close();
    const directory = createTenantDirectory(app.deps.db, {
      kv: broken,
      onError: (err) => errors.push(err),
    });
    const cafe = { kind: "subdomain", slug: "cafe" } as const;
    assert.equal((await directory.lookup(cafe))?.slug, "cafe");
    await setTenantActive(app.ownerDb, "cafe", false);
    await directory.invalidate();
    assert.equal(errors.length, 1, "the failed version bump is reported, not thrown");
    assert.equal(await directory.lookup(cafe), null, "this process forgot at once");
  } finally {
    await app.close();
  }
});

Deno.test("a tenant is created while the mail server is down; its invitation waits in the outbox", async () => {
  const app = await startTestApp({
    SMTP_URL: "smtp://127.0.0.1:9",
    RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
    OUTBOX_RETRY_BASE_MS: "60000",
  }, { startDispatcher: false });
  try {
    const admin = await adminBrowser(app);
    const created = await app.request(`${ADMIN}/backoffice/tenants`, {
      method: "POST",
      headers: jsonHeaders(admin),
      body: JSON.stringify({
        name: "Offline Mail",
        slug: "offline",
        ownerEmail: "o@off.test",
        plan: "FREE",
      }),
    });
    assert.equal(created.status, 201);
    assert.equal((await app.request("http://offline.localhost/")).status, 200);
    await app.deps.dispatcher.runOnce();
    const stats = await app.deps.dispatcher.stats();
    assert.equal(stats.pending, 1, "the invitation is kept for a retry, not lost");
    const dash = await (await app.request(`${ADMIN}/backoffice/dashboard`, {
      headers: jsonHeaders(admin),
    })).json();
    assert.equal(dash.dashboard.health.outbox.pending, 1, "the dashboard shows the waiting job");
  } finally {
    await app.close();
  }
});
