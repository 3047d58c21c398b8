import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { setTenantActive, setTenantDomain } from "./helpers/tenant_admin_repo.ts";

Deno.test("hosts resolve to tenants, the back office, or a 404", async (t) => {
  const app = await startTestApp();
  try {
    await t.step("a tenant's subdomain serves that tenant", async () => {
      const res = await app.request("http://cafe.localhost/");
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /Corner Cafe/);
      assert.doesNotMatch(html, /Demo Bistro/);
    });

    await t.step("an unknown subdomain is a 404 page that names no tenant", async () => {
      const res = await app.request("http://nosuchplace.localhost/");
      assert.equal(res.status, 404);
      const html = await res.text();
      assert.match(html, /We could not find this venue/);
      assert.doesNotMatch(html, /Demo Bistro|Corner Cafe/);
      const api = await app.request("http://nosuchplace.localhost/api/queues/entry/x");
      assert.equal(api.status, 404);
      assert.match((await api.json()).error, /could not find this venue/);
    });

    await t.step("an inactive tenant is a 503 'temporarily unavailable' page", async () => {
      await setTenantActive(app.ownerDb, "cafe", false);
      app.deps.tenants.forget();
      const down = await app.request("http://cafe.localhost/");
      assert.equal(down.status, 503);
      assert.match(await down.text(), /temporarily unavailable/);
      const malay = await app.request("http://cafe.localhost/api/queues/entry/x", {
        headers: { "accept-language": "ms-MY,ms;q=0.9" },
      });
      assert.equal(malay.status, 503);
      const body = await malay.json();
      assert.equal(body.code, "tenant_unavailable");
      assert.match(body.error, /tidak tersedia buat sementara waktu/);
      await setTenantActive(app.ownerDb, "cafe", true);
      app.deps.tenants.forget();
      assert.equal((await app.request("http://cafe.localhost/")).status, 200);
    });

    await t.step("a custom domain serves its tenant", async () => {
      await setTenantDomain(app.ownerDb, "demo", "queue.demobistro.test");
      app.deps.tenants.forget();
      const res = await app.request("http://queue.demobistro.test/");
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Demo Bistro/);
      assert.equal((await app.request("http://other-domain.test/")).status, 404);
    });

    await t.step("admin host and apex reach the back office login", async () => {
      const root = await app.request("http://admin.localhost/");
      assert.equal(root.status, 302);
      assert.equal(root.headers.get("location"), "/backoffice");
      const home = await app.request("http://admin.localhost/backoffice");
      assert.equal(home.status, 303);
      assert.equal(home.headers.get("location"), "/backoffice/login");
      for (const host of ["admin.localhost", "localhost"]) {
        const login = await app.request(`http://${host}/backoffice/login`);
        assert.equal(login.status, 200);
        assert.match(await login.text(), /StoreHub QMS back office/);
      }
    });

    await t.step("tenant pages are not served on the admin host", async () => {
      assert.equal((await app.request("http://admin.localhost/dashboard/login")).status, 404);
      assert.equal((await app.request("http://demo.localhost/backoffice/login")).status, 404);
    });

    await t.step("a back-office sign-in works and its session is not a tenant's", async () => {
      const page = await app.request("http://admin.localhost/backoffice/login");
      const csrf = page.headers.get("set-cookie")!.split(";")[0]!;
      const token = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
      const res = await app.request("http://admin.localhost/backoffice/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf },
        body: new URLSearchParams({ _csrf: token, email: "admin@qms.test", password: "admin1234" }),
      });
      assert.equal(res.status, 303);
      const session = res.headers.get("set-cookie")!.split(";")[0]!;
      const home = await app.request("http://admin.localhost/backoffice", {
        headers: { cookie: session },
      });
      assert.equal(home.status, 200);
      const html = await home.text();
      assert.match(html, /Demo Bistro/);
      assert.match(html, /Corner Cafe/);
      const onTenant = await app.request("http://demo.localhost/dashboard", {
        headers: { cookie: session },
      });
      assert.equal(onTenant.status, 303);
      assert.match(onTenant.headers.get("location")!, /^\/dashboard\/login/);
    });
  } finally {
    await app.close();
  }
});
