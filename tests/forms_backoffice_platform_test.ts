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

function alertText(html: string): string {
  return html.match(/role="alert"[^>]*>([^<]*)</)?.[1] ?? "";
}

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
      // Security events of tenants are there too: the staff sign-ins of this test.
      const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
      const signIns = await admin.visit(`/backoffice/audit?tenantId=${demo!.id}&action=auth.`);
      assert.match(signIns.html, />auth\.login</);
      assert.match(
        signIns.html,
        />auth\.login-failed</,
        "the refused sign-in of the inactive user",
      );
      const cafe = await app.deps.tenants.lookup({ kind: "subdomain", slug: "cafe" });
      const other = await admin.visit(`/backoffice/audit?tenantId=${cafe!.id}&action=auth.`);
      assert.match(other.html, /No rows match/, "filtered to one tenant");
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
