import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { adminBrowser, platformAuditFor } from "./helpers/backoffice_probe.ts";

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
          .match(/name="queueId" value="([0-9a-f-]{36})"/)![1];
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
