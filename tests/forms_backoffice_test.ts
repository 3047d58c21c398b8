import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { jsonPost, openBrowser, signInWithForm, staffCookie } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import {
  ADMIN_HOST,
  adminBrowser,
  jsonHeaders,
  platformAuditFor,
} from "./helpers/backoffice_probe.ts";

// Each form is named by its signature; tests/forms_coverage_test.ts checks that every form the
// product renders is named in some forms_*_test.ts file.
const CREATE = 'POST /backoffice/tenants "Create tenant"';
const SEARCH = 'GET /backoffice/tenants "Search"';
const EDIT = 'POST /backoffice/tenants/:id "Save changes"';
const DEACTIVATE = 'POST /backoffice/tenants/:id/toggle "Deactivate tenant"';
const ACTIVATE = 'POST /backoffice/tenants/:id/toggle "Activate tenant"';
const DELETE = 'POST /backoffice/tenants/:id/delete "Delete tenant"';

function alertText(html: string): string {
  return html.match(/role="alert"[^>]*>([^<]*)</)?.[1] ?? "";
}

Deno.test("back office tenant forms, as a browser sends them", async (t) => {
  const sink = await startSmtpSink();
  const app = await startTestApp({
    SMTP_URL: sink.url,
    RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
  }, { startDispatcher: false });
  try {
    const admin = await adminBrowser(app);
    let tenantPath = "";

    await t.step(
      "an invalid or reserved subdomain comes back with the reason and the input",
      async () => {
        for (
          const [slug, reason] of [["admin", /reserved/], ["a", /3 to 50/], [
            "Bad_Slug",
            /lower-case/,
          ]] as const
        ) {
          const page = await admin.visit("/backoffice/tenants");
          const refused = await admin.submit(page, pickForm(page.forms, CREATE), {
            name: "Noodle Bar",
            slug,
            ownerEmail: "owner@noodle.test",
            plan: "BASIC",
          });
          assert.equal(refused.status, 422, slug);
          assert.match(refused.html, reason);
          const again = pickForm(refused.forms, CREATE);
          assert.equal(again.controls.find((c) => c.name === "name")?.value, "Noodle Bar");
          assert.equal(
            again.controls.find((c) => c.name === "ownerEmail")?.value,
            "owner@noodle.test",
          );
        }
        const taken = await admin.submit(
          await admin.visit("/backoffice/tenants"),
          pickForm((await admin.visit("/backoffice/tenants")).forms, CREATE),
          {
            name: "Another Demo",
            slug: "demo",
            ownerEmail: "x@y.test",
            plan: "FREE",
          },
        );
        assert.equal(taken.status, 409);
        assert.match(
          taken.html,
          /The subdomain &quot;demo&quot; is taken|The subdomain "demo" is taken/,
        );
      },
    );

    await t.step(
      "create: the details page, the owner's invitation, and the subdomain's home page",
      async () => {
        const page = await admin.visit("/backoffice/tenants");
        const answer = await admin.submit(page, pickForm(page.forms, CREATE), {
          name: "Noodle Bar",
          slug: "noodle",
          ownerEmail: "Owner@Noodle.test",
          ownerName: "Nora Noodle",
          plan: "PREMIUM",
        });
        assert.equal(answer.status, 303, alertText(answer.html));
        const details = await admin.follow(answer);
        tenantPath = new URL(details.url).pathname;
        assert.match(details.html, /Noodle Bar/);
        assert.match(details.html, /Tenant created/);
        assert.match(details.html, /owner@noodle\.test/);
        const home = await app.request("http://noodle.localhost/");
        assert.equal(home.status, 200);
        assert.match(await home.text(), /Noodle Bar/);
        assert.equal((await drainOutbox(app)).pending, 0);
        const mail = await sink.waitForMail("owner@noodle.test");
        assert.match(mail.subject, /invited to Noodle Bar/);
        assert.match(mail.text, /http:\/\/noodle\.localhost\/dashboard\/password\/reset\?token=/);
        const id = tenantPath.split("/").pop()!;
        const audit = await platformAuditFor(app, id);
        const row = audit.find((r) => r.action === "tenant.create");
        assert.ok(row, "a tenant.create audit row");
        assert.equal(row.userType, "SUPERADMIN");
        assert.equal(row.ipAddress, "127.0.0.1");
        assert.equal((row.details as { after: { slug: string } }).after.slug, "noodle");
      },
    );

    await t.step("search and filters find it; other tenants are left out", async () => {
      const form = pickForm((await admin.visit("/backoffice/tenants")).forms, SEARCH);
      assert.deepEqual(form.controls.map((c) => c.name), ["q", "status", "plan", ""]);
      const found = await admin.visit(
        "/backoffice/tenants?q=owner%40noodle&status=active&plan=PREMIUM",
      );
      assert.match(found.html, /Noodle Bar/);
      assert.doesNotMatch(found.html, /Demo Bistro|Corner Cafe/);
      const none = await admin.visit("/backoffice/tenants?plan=FREE&q=noodle");
      assert.match(none.html, /0 tenants/);
    });

    await t.step(
      "edit: a refused domain keeps the input; a saved edit reaches the host at once",
      async () => {
        let page = await admin.visit(tenantPath);
        const bad = await admin.submit(page, pickForm(page.forms, EDIT), { domain: "http://x" });
        assert.equal(bad.status, 422);
        assert.match(bad.html, /host name such as/);
        page = await admin.visit(tenantPath);
        const saved = await admin.submit(page, pickForm(page.forms, EDIT), {
          name: "Noodle House",
          domain: "queue.noodle.test",
          maxUsersPerTenant: "1",
          analytics: false,
        });
        assert.equal(saved.status, 303, alertText(saved.html));
        const after = await admin.follow(saved);
        assert.match(after.html, /queue\.noodle\.test\. CNAME noodle\.localhost\./);
        assert.match(await (await app.request("http://noodle.localhost/")).text(), /Noodle House/);
        assert.match(await (await app.request("http://queue.noodle.test/")).text(), /Noodle House/);
        const audit = await platformAuditFor(app, tenantPath.split("/").pop()!);
        const row = audit.find((r) => r.action === "tenant.update")!;
        const d = row.details as {
          before: { name: string };
          after: { name: string; subscription: { analytics: boolean } };
        };
        assert.equal(d.before.name, "Noodle Bar");
        assert.equal(d.after.name, "Noodle House");
        assert.equal(d.after.subscription.analytics, false);
      },
    );

    await t.step("deactivate: 503 page, no staff sign-in; activate restores it", async () => {
      let page = await admin.visit(tenantPath);
      const off = await admin.submit(page, pickForm(page.forms, DEACTIVATE));
      assert.equal(off.status, 303);
      const home = await app.request("http://noodle.localhost/");
      assert.equal(home.status, 503);
      assert.match(await home.text(), /temporarily unavailable/);
      const login = await jsonPost(app, "http://noodle.localhost/api/auth/login", {
        email: "owner@noodle.test",
        password: "whatever-1",
      });
      assert.equal(login.status, 503);
      page = await admin.follow(off);
      assert.match(page.html, /data-testid="tenant-status">Inactive/);
      const on = await admin.submit(page, pickForm(page.forms, ACTIVATE));
      assert.equal(on.status, 303);
      assert.equal((await app.request("http://noodle.localhost/")).status, 200);
      const actions = (await platformAuditFor(app, tenantPath.split("/").pop()!)).map((r) =>
        r.action
      );
      assert.ok(actions.includes("tenant.deactivate") && actions.includes("tenant.activate"));
    });

    await t.step(
      "delete: a wrong slug is a 422 and deletes nothing; people waiting refuse it",
      async () => {
        const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
        const queueId = (await (await app.request("http://demo.localhost/")).text())
          .match(/\/api\/queues\/([0-9a-f-]{36})\/join/)![1];
        const joined = await jsonPost(app, `http://demo.localhost/api/queues/${queueId}/join`, {
          customerName: "Wendy Wait",
          customerPhone: "0123456700",
          partySize: 2,
        });
        assert.equal(joined.status, 201);
        let page = await admin.visit(`/backoffice/tenants/${demo!.id}`);
        const busy = await admin.submit(page, pickForm(page.forms, DELETE), {
          confirmSlug: "demo",
        });
        assert.equal(busy.status, 409);
        assert.match(alertText(busy.html) ?? "", /1 party is waiting/);
        assert.equal((await app.request("http://demo.localhost/")).status, 200);

        page = await admin.visit(tenantPath);
        const wrong = await admin.submit(page, pickForm(page.forms, DELETE), {
          confirmSlug: "noodles",
        });
        assert.equal(wrong.status, 422);
        assert.match(
          wrong.html,
          /Type the subdomain &quot;noodle&quot;|Type the subdomain "noodle"/,
        );
        assert.equal((await app.request("http://noodle.localhost/")).status, 200);

        const gone = await admin.submit(page, pickForm(page.forms, DELETE), {
          confirmSlug: "noodle",
        });
        assert.equal(gone.status, 303);
        assert.equal((await app.request("http://noodle.localhost/")).status, 404);
        const row = (await platformAuditFor(app, tenantPath.split("/").pop()!))
          .find((r) => r.action === "tenant.delete");
        assert.ok(row, "the deletion is audited and its row outlives the tenant");
        assert.equal((await admin.visit(tenantPath)).status, 404);
      },
    );

    await t.step(
      "a limit lowered in the back office holds in the tenant's API at once",
      async () => {
        const cafe = await app.deps.tenants.lookup({ kind: "subdomain", slug: "cafe" });
        const page = await admin.visit(`/backoffice/tenants/${cafe!.id}`);
        const saved = await admin.submit(page, pickForm(page.forms, EDIT), {
          maxUsersPerTenant: "1",
        });
        assert.equal(saved.status, 303, alertText(saved.html));
        const owner = await staffCookie(
          app,
          "http://cafe.localhost",
          "owner@cafe.test",
          "cafe1234",
        );
        const refused = await jsonPost(app, "http://cafe.localhost/api/users", {
          email: "new@cafe.test",
          fullName: "New Person",
          role: "STAFF",
        }, { headers: { cookie: owner } });
        assert.equal(refused.status, 403);
        assert.match((await refused.json()).error, /allows 1 users/);
        const page2 = await admin.visit(`/backoffice/tenants/${cafe!.id}`);
        await admin.submit(page2, pickForm(page2.forms, EDIT), { maxUsersPerTenant: "5" });
        const ok = await jsonPost(app, "http://cafe.localhost/api/users", {
          email: "new@cafe.test",
          fullName: "New Person",
          role: "STAFF",
        }, { headers: { cookie: owner } });
        assert.equal(ok.status, 201);
      },
    );
  } finally {
    await app.close();
    await sink.close();
  }
});

const SETTINGS = 'POST /backoffice/settings "Save settings"';
const SUBSCRIPTIONS_FILTER = 'GET /backoffice/subscriptions "Show"';

Deno.test("back office settings form: banner on every tenant page, plan defaults for new tenants", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" }, {
    startDispatcher: false,
  });
  try {
    const admin = await adminBrowser(app);

    await t.step("a bad value comes back with its message and what was typed", async () => {
      const page = await admin.visit("/backoffice/settings");
      const refused = await admin.submit(page, pickForm(page.forms, SETTINGS), {
        supportEmail: "not-an-email",
        maintenanceBanner: "Kept text",
        "plans.BASIC.priceMonthly": "-5",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /Enter a valid email address/);
      assert.match(refused.html, /Price cannot be negative/);
      const form = pickForm(refused.forms, SETTINGS);
      assert.equal(form.controls.find((c) => c.name === "maintenanceBanner")?.value, "Kept text");
      assert.doesNotMatch(await (await app.request("http://demo.localhost/")).text(), /Kept text/);
    });

    await t.step("saved: the banner shows on tenant pages, not before", async () => {
      const page = await admin.visit("/backoffice/settings");
      const saved = await admin.submit(page, pickForm(page.forms, SETTINGS), {
        platformName: "QMS Cloud",
        maintenanceBanner: "Maintenance tonight 23:00-23:30",
        "plans.BASIC.maxUsersPerTenant": "7",
        "plans.BASIC.priceMonthly": "59",
        "plans.BASIC.customBranding": true,
      });
      assert.equal(saved.status, 303, alertText(saved.html));
      const after = await admin.follow(saved);
      assert.match(after.html, /Saved\./);
      for (const url of ["http://demo.localhost/", "http://cafe.localhost/dashboard/login"]) {
        assert.match(await (await app.request(url)).text(), /Maintenance tonight 23:00-23:30/);
      }
      const row = (await platformAuditFor(app, "platform")).find((r) =>
        r.action === "settings.update"
      );
      const d = row!.details as {
        before: { platformName: string };
        after: { platformName: string; plans: { BASIC: { priceMonthly: number } } };
      };
      assert.equal(d.before.platformName, "StoreHub QMS");
      assert.equal(d.after.plans.BASIC.priceMonthly, 59);
    });

    await t.step(
      "a new BASIC tenant gets the new defaults; the dashboard's MRR uses the price",
      async () => {
        const page = await admin.visit("/backoffice/tenants");
        const answer = await admin.submit(page, pickForm(page.forms, CREATE), {
          name: "Basic Shop",
          slug: "basic-shop",
          ownerEmail: "owner@basic.test",
          plan: "BASIC",
        });
        assert.equal(answer.status, 303);
        const details = await admin.follow(answer);
        assert.match(details.html, /Active users: 1 of 7/);
        const dash = await app.request("http://admin.localhost/backoffice/dashboard", {
          headers: {
            accept: "application/json",
            cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          },
        });
        assert.equal(dash.status, 200);
        const { dashboard, figures } = await dash.json();
        // demo ENTERPRISE 499 + basic-shop BASIC 59; cafe is FREE.
        assert.equal(dashboard.mrr, 499 + 59);
        assert.equal(figures.mrr, "MYR 558.00");
        assert.equal(dashboard.tenants.active, 3);
        assert.equal(typeof dashboard.health.outbox.pending, "number");
        assert.ok(dashboard.health.outbox.pending >= 1, "the invitation waits in the outbox");
        assert.equal(dashboard.health.database.ok, true);
      },
    );

    await t.step(
      "the JSON twin: GET, then PUT back with a change; a bad one is a 422",
      async () => {
        const headers = jsonHeaders(admin);
        const url = "http://admin.localhost/backoffice/settings";
        const { settings } = await (await app.request(url, { headers })).json();
        assert.equal(settings.platformName, "QMS Cloud");
        const bad = await app.request(url, {
          method: "PUT",
          headers,
          body: JSON.stringify({ ...settings, signupPolicy: "anyone" }),
        });
        assert.equal(bad.status, 422);
        assert.ok((await bad.json()).fields.signupPolicy);
        const ok = await app.request(url, {
          method: "PUT",
          headers,
          body: JSON.stringify({ ...settings, maintenanceBanner: "" }),
        });
        assert.equal(ok.status, 200);
        assert.equal((await ok.json()).settings.maintenanceBanner, null);
        assert.doesNotMatch(
          await (await app.request("http://demo.localhost/")).text(),
          /Maintenance tonight/,
          "the banner is gone from tenant pages",
        );
      },
    );

    await t.step("plans and subscriptions show the new price and filter by plan", async () => {
      const page = await admin.visit("/backoffice/subscriptions?plan=BASIC");
      assert.ok(pickForm(page.forms, SUBSCRIPTIONS_FILTER));
      assert.match(page.html, /data-plan="BASIC"[^]*?MYR 59\.00 a month/);
      assert.match(page.html, /Basic Shop/);
      assert.doesNotMatch(page.html, />Demo Bistro</);
    });

    await t.step("the dashboard page shows its figures and refreshes itself", async () => {
      const home = await admin.visit("/backoffice");
      assert.match(home.html, /data-fig="tenants.active">3</);
      assert.match(home.html, /Basic Shop/);
      assert.match(home.html, /setInterval\(refresh/);
    });
  } finally {
    await app.close();
  }
});

const USER_SEARCH = 'GET /backoffice/users "Search"';
const USER_OFF = 'POST /backoffice/users/:id/toggle "Deactivate user"';
const USER_ON = 'POST /backoffice/users/:id/toggle "Reactivate user"';
const USER_RESET = 'POST /backoffice/users/:id/reset-password "Send password reset"';
const MERCHANT_SEARCH = 'GET /backoffice/merchants "Search"';
const AUDIT_FILTER = 'GET /backoffice/audit "Filter"';

Deno.test("back office users, merchants and audit log pages, as a browser uses them", async (t) => {
  const sink = await startSmtpSink();
  const app = await startTestApp({
    SMTP_URL: sink.url,
    RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
  }, { startDispatcher: false });
  try {
    const admin = await adminBrowser(app);
    let userPath = "";

    await t.step("users across tenants: search finds one tenant's user only", async () => {
      const list = await admin.visit("/backoffice/users");
      assert.ok(pickForm(list.forms, USER_SEARCH));
      assert.match(list.html, /owner@demo\.test/);
      assert.match(list.html, /owner@cafe\.test/);
      const found = await admin.visit("/backoffice/users?q=staff%40demo");
      assert.match(found.html, /staff@demo\.test/);
      assert.doesNotMatch(found.html, /owner@cafe\.test/);
      userPath = found.html.match(/href="(\/backoffice\/users\/[0-9a-f-]{36})"/)![1]!;
    });

    await t.step(
      "deactivate ends the user's sessions at once and stops their sign-in",
      async () => {
        const staff = await staffCookie(
          app,
          "http://demo.localhost",
          "staff@demo.test",
          "demo1234",
        );
        let page = await admin.visit(userPath);
        assert.match(page.html, /data-testid="user-sessions">1</);
        const off = await admin.submit(page, pickForm(page.forms, USER_OFF));
        assert.equal(off.status, 303);
        page = await admin.follow(off);
        assert.match(page.html, /data-testid="user-status">Inactive</);
        assert.match(page.html, /data-testid="user-sessions">0</);
        const board = await app.request("http://demo.localhost/api/queues", {
          headers: { cookie: staff, accept: "application/json" },
        });
        assert.equal(board.status, 401, "the old session no longer works");
        const login = await jsonPost(app, "http://demo.localhost/api/auth/login", {
          email: "staff@demo.test",
          password: "demo1234",
        });
        assert.equal(login.status, 401);
        const on = await admin.submit(page, pickForm(page.forms, USER_ON));
        assert.equal(on.status, 303);
        const row = (await platformAuditFor(app, userPath.split("/").pop()!))
          .find((r) => r.action === "user.deactivate");
        assert.ok(row, "audited");
      },
    );

    await t.step(
      "a password reset goes out through the outbox from the tenant's address",
      async () => {
        const page = await admin.visit(userPath);
        const sent = await admin.submit(page, pickForm(page.forms, USER_RESET));
        assert.equal(sent.status, 303);
        assert.match((await admin.follow(sent)).html, /password reset link is on its way/);
        assert.equal((await drainOutbox(app)).pending, 0);
        const mail = await sink.waitForMail("staff@demo.test");
        assert.match(mail.text, /http:\/\/demo\.localhost\/dashboard\/password\/reset\?token=/);
      },
    );

    await t.step("merchants: list and details with the tenant and queues", async () => {
      const list = await admin.visit("/backoffice/merchants");
      assert.ok(pickForm(list.forms, MERCHANT_SEARCH));
      assert.match(list.html, /Demo Bistro/);
      const href = list.html.match(
        /href="(\/backoffice\/merchants\/[0-9a-f-]{36})"[^>]*>Demo Bistro/,
      )![1]!;
      const details = await admin.visit(href);
      assert.equal(details.status, 200);
      assert.match(details.html, /restaurant/);
      assert.match(details.html, /Open the tenant/);
      const none = await admin.visit("/backoffice/merchants?q=cafe");
      assert.doesNotMatch(none.html, /Demo Bistro/);
    });

    await t.step("audit log: filters, details with IP and user agent, CSV export", async () => {
      const list = await admin.visit("/backoffice/audit?action=user.&resource=tenant_user");
      assert.ok(pickForm(list.forms, AUDIT_FILTER));
      assert.match(list.html, /user\.deactivate/);
      assert.doesNotMatch(list.html, />backoffice\.login</);
      const href = list.html.match(/href="(\/backoffice\/audit\/[0-9a-f-]{36})"/)![1]!;
      const details = await admin.visit(href);
      assert.match(details.html, /data-testid="audit-ip">127\.0\.0\.1</);
      assert.match(
        details.html,
        /&quot;email&quot;: &quot;staff@demo.test&quot;|"email": "staff@demo.test"/,
      );
      const bad = await admin.visit("/backoffice/audit?from=yesterday");
      assert.equal(bad.status, 422);
      assert.match(bad.html, /From: use YYYY-MM-DD/);
      const csv = await app.request(
        "http://admin.localhost/backoffice/audit/export.csv?action=user.",
        { headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } },
      );
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get("content-type")!, /text\/csv/);
      const text = await csv.text();
      const lines = text.trim().split("\r\n");
      assert.equal(
        lines[0],
        "created_at,tenant_id,user_id,user_type,action,resource,resource_id,ip_address,user_agent,details",
      );
      assert.ok(lines.slice(1).every((l) => /,user\./.test(l)), "only the filtered actions");
      assert.ok(lines.some((l) => l.includes(",user.deactivate,")));
      assert.ok(lines.some((l) => l.includes(",user.password-reset-sent,")));
    });
  } finally {
    await app.close();
    await sink.close();
  }
});

const ADMIN_INVITE = 'POST /backoffice/admins "Send admin invitation"';
const ADMIN_OFF = 'POST /backoffice/admins/:id/toggle "Deactivate admin"';
const ADMIN_ON = 'POST /backoffice/admins/:id/toggle "Reactivate admin"';
const ADMIN_PASSWORD = 'POST /backoffice/password "Save the password"';

Deno.test("back office admins: invite by mail, choose a password, deactivate", async (t) => {
  const sink = await startSmtpSink();
  const app = await startTestApp({
    SMTP_URL: sink.url,
    RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
  }, { startDispatcher: false });
  try {
    const admin = await adminBrowser(app);
    let link = "";

    await t.step("a bad invitation keeps the input; a good one mails a link", async () => {
      let page = await admin.visit("/backoffice/admins");
      const bad = await admin.submit(page, pickForm(page.forms, ADMIN_INVITE), {
        email: "nope",
        fullName: "Ada Ops",
      });
      assert.equal(bad.status, 422);
      assert.match(bad.html, /Enter a valid email address/);
      assert.equal(
        pickForm(bad.forms, ADMIN_INVITE).controls.find((c) => c.name === "fullName")?.value,
        "Ada Ops",
      );
      page = await admin.visit("/backoffice/admins");
      const sent = await admin.submit(page, pickForm(page.forms, ADMIN_INVITE), {
        email: "ada@ops.test",
        fullName: "Ada Ops",
      });
      assert.equal(sent.status, 303);
      const again = await admin.submit(page, pickForm(page.forms, ADMIN_INVITE), {
        email: "ada@ops.test",
        fullName: "Ada Twice",
      });
      assert.equal(again.status, 409);
      assert.equal((await drainOutbox(app)).pending, 0);
      const mail = await sink.waitForMail("ada@ops.test");
      link = mail.text.match(
        /http:\/\/admin\.localhost(\/backoffice\/password\?token=[A-Za-z0-9_-]+)/,
      )![1]!;
    });

    const ada = openBrowser(app, ADMIN_HOST);
    await t.step("the link sets a password once; then Ada signs in", async () => {
      const page = await ada.visit(link);
      assert.equal(page.status, 200);
      const short = await ada.submit(page, pickForm(page.forms, ADMIN_PASSWORD), {
        password: "short",
      });
      assert.equal(short.status, 422);
      assert.match(short.html, /at least 10 characters/);
      const ok = await ada.submit(page, pickForm(page.forms, ADMIN_PASSWORD), {
        password: "ada-long-secret",
      });
      assert.equal(ok.status, 303);
      assert.equal(ok.location, "/backoffice/login");
      const reused = await ada.visit(link);
      assert.equal(reused.status, 400);
      assert.match(reused.html, /invalid, used or expired/);
      const home = await signInWithForm(ada, "/backoffice/login", {
        email: "ada@ops.test",
        password: "ada-long-secret",
      });
      assert.match(home.html, /Dashboard/);
    });

    await t.step(
      "deactivating Ada ends her session; nobody can deactivate themselves",
      async () => {
        const page = await admin.visit("/backoffice/admins");
        const row = page.html.split("<li").find((li) => li.includes("ada@ops.test"))!;
        const id = row.match(/\/backoffice\/admins\/([0-9a-f-]{36})\/toggle/)![1]!;
        const off = await admin.submit(page, pickForm(page.forms, ADMIN_OFF, id));
        assert.equal(off.status, 303);
        const after = await ada.visit("/backoffice");
        assert.equal(after.url, `${ADMIN_HOST}/backoffice/login`);
        const back = await admin.follow(off);
        const on = await admin.submit(back, pickForm(back.forms, ADMIN_ON, id));
        assert.equal(on.status, 303);
        const self = (await platformAuditFor(app, id)).map((r) => r.action);
        assert.ok(
          self.includes("backoffice_user.deactivate") && self.includes("backoffice_user.invite"),
        );
        const me = page.html.split("<li").find((li) => li.includes("admin@qms.test"))!;
        assert.doesNotMatch(me, /toggle/, "no deactivate button on one's own row");
      },
    );
  } finally {
    await app.close();
    await sink.close();
  }
});
