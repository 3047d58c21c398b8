import assert from "node:assert/strict";
import { withPlatform, withTenant } from "../lib/db/transaction_repo.ts";
import { listAuditLogs } from "../lib/audit/audit_repo.ts";
import { type PlatformActor, platformCommand } from "../lib/audit/platform_command.ts";
import { DEMO_LOGINS } from "../lib/seed/demo_seed.ts";
import { DB_KIND, startTestApp, type TestApp } from "./helpers/test_app.ts";
import { currentRole } from "./helpers/rls_probe_repo.ts";
import {
  countRows,
  findBackOfficeLastLogin,
  findQueueName,
  listQueues,
  listRlsTables,
  platformRoleFacts,
  readTenantSlugs,
  renameQueue,
  withAppRoleAndNoTenant,
} from "./helpers/platform_probe_repo.ts";

const ACTOR: PlatformActor = {
  userId: crypto.randomUUID(),
  userType: "SUPERADMIN",
  ipAddress: "203.0.113.7",
  userAgent: "platform-role-test",
};

async function tenantIds(app: TestApp) {
  const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
  const cafe = await app.deps.tenants.lookup({ kind: "subdomain", slug: "cafe" });
  return { demo: demo!.id, cafe: cafe!.id };
}

async function cafeQueue(app: TestApp, cafeId: string) {
  const queues = await withTenant(app.deps.db, cafeId, listQueues);
  assert.ok(queues[0], "the cafe has a queue");
  return queues[0];
}

Deno.test(`the platform path reaches every tenant, the tenant path one, on ${DB_KIND}`, async (t) => {
  const app = await startTestApp();
  const db = app.deps.db;
  try {
    const ids = await tenantIds(app);
    assert.notEqual(ids.demo, ids.cafe);

    await t.step(
      "the platform role is neither superuser nor BYPASSRLS, nor inherited",
      async () => {
        assert.deepEqual(await withPlatform(db, currentRole), {
          name: "qms_platform",
          super: false,
          bypass: false,
        });
        assert.deepEqual(await withTenant(db, ids.demo, currentRole), {
          name: "qms_app",
          super: false,
          bypass: false,
        });
        assert.deepEqual(await platformRoleFacts(app.ownerDb), {
          super: false,
          bypass: false,
          canLogin: false,
          appIsMember: true,
          appInherits: false,
        });
      },
    );

    await t.step("withPlatform() reads the rows of both tenants", async () => {
      const queues = await withPlatform(db, listQueues);
      assert.deepEqual(
        [...new Set(queues.map((q) => q.tenantId))].sort(),
        [ids.demo, ids.cafe].sort(),
      );
      assert.deepEqual(await withPlatform(db, readTenantSlugs), ["cafe", "demo"]);
    });

    await t.step("withPlatform() sees every row the owner sees, in every RLS table", async () => {
      const tables = await listRlsTables(app.ownerDb);
      assert.ok(tables.includes("queues") && tables.includes("tenant_users"), tables.join());
      for (const table of tables) {
        const owner = await countRows(app.ownerDb, table);
        assert.equal(await withPlatform(db, (trx) => countRows(trx, table)), owner, table);
      }
      assert.ok(await countRows(app.ownerDb, "tenant_users") >= 2);
    });

    await t.step("the app role with no tenant set sees no row of any RLS table", async () => {
      const tables = await listRlsTables(app.ownerDb);
      assert.ok(tables.length >= 15, tables.join());
      assert.ok(await countRows(app.ownerDb, "queues") >= 2);
      for (const table of tables) {
        assert.equal(await withAppRoleAndNoTenant(db, (trx) => countRows(trx, table)), 0, table);
      }
    });

    await t.step("a tenant neither sees nor changes another tenant's row", async () => {
      const queue = await cafeQueue(app, ids.cafe);
      assert.equal(await withTenant(db, ids.demo, (trx) => findQueueName(trx, queue.id)), null);
      assert.equal(await withTenant(db, ids.demo, (trx) => renameQueue(trx, queue.id, "Taken")), 0);
      assert.equal(
        await withTenant(db, ids.cafe, (trx) => findQueueName(trx, queue.id)),
        queue.name,
      );
    });

    await t.step("the tenant role cannot read platform tables", async () => {
      await assert.rejects(withTenant(db, ids.demo, readTenantSlugs), /permission denied/);
      await assert.rejects(
        withTenant(db, ids.demo, (trx) => findBackOfficeLastLogin(trx, DEMO_LOGINS.admin.email)),
        /permission denied/,
      );
    });

    await t.step("a platform write changes a tenant's row and leaves an audit row", async () => {
      const queue = await cafeQueue(app, ids.cafe);
      await platformCommand({ db, actor: ACTOR }, async (trx, audit) => {
        assert.equal(await renameQueue(trx, queue.id, "Renamed by support"), 1);
        await audit({
          action: "queue.rename",
          resource: "queue",
          resourceId: queue.id,
          tenantId: ids.cafe,
          before: { name: queue.name },
          after: { name: "Renamed by support" },
        });
      });
      assert.equal(
        await withTenant(db, ids.cafe, (trx) => findQueueName(trx, queue.id)),
        "Renamed by support",
      );
      const rows = await withPlatform(db, (trx) => listAuditLogs(trx, { resourceId: queue.id }));
      assert.equal(rows.length, 1);
      const { createdAt: _, ...row } = rows[0]!;
      assert.deepEqual(row, {
        tenantId: null,
        userId: ACTOR.userId,
        userType: "SUPERADMIN",
        action: "queue.rename",
        resource: "queue",
        resourceId: queue.id,
        details: {
          tenantId: ids.cafe,
          before: { name: queue.name },
          after: { name: "Renamed by support" },
        },
        ipAddress: "203.0.113.7",
        userAgent: "platform-role-test",
      });
      // The platform's audit row belongs to no tenant: the cafe cannot read (or delete) it.
      const cafeSees = await withTenant(db, ids.cafe, (trx) => listAuditLogs(trx));
      assert.ok(!cafeSees.some((r) => r.resourceId === queue.id));
    });

    await t.step("a platform command that records no audit row is refused and undone", async () => {
      const queue = await cafeQueue(app, ids.cafe);
      await assert.rejects(
        platformCommand({ db, actor: ACTOR }, (trx) => renameQueue(trx, queue.id, "Unaudited")),
        /recorded no audit row/,
      );
      assert.equal(
        await withTenant(db, ids.cafe, (trx) => findQueueName(trx, queue.id)),
        queue.name,
      );
    });

    await t.step("a back-office sign-in is audited with its last-login write", async () => {
      const page = await app.request("http://admin.localhost/backoffice/login");
      const csrf = page.headers.get("set-cookie")!.split(";")[0]!;
      const token = (await page.text()).match(/name="_csrf" value="([^"]+)"/)![1]!;
      const res = await app.request("http://admin.localhost/backoffice/login", {
        method: "POST",
        ip: "198.51.100.4",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: csrf,
          "user-agent": "signin-probe",
        },
        body: new URLSearchParams({
          _csrf: token,
          email: DEMO_LOGINS.admin.email,
          password: DEMO_LOGINS.admin.password,
        }),
      });
      assert.equal(res.status, 303);
      const lastLogin = await withPlatform(
        db,
        (trx) => findBackOfficeLastLogin(trx, DEMO_LOGINS.admin.email),
      );
      assert.ok(lastLogin instanceof Date);
      const audit = await withPlatform(db, (trx) => listAuditLogs(trx));
      const signIn = audit.find((r) => r.action === "backoffice.login");
      assert.ok(signIn, "a backoffice.login audit row");
      assert.equal(signIn.tenantId, null);
      assert.equal(signIn.ipAddress, "198.51.100.4");
      assert.equal(signIn.userAgent, "signin-probe");
    });
  } finally {
    await app.close();
  }
});
