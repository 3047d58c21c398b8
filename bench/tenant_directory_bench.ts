/**
 * `deno bench -A bench/tenant_directory_bench.ts`: what every request and every back-office
 * page pays for the tenant directory, at 1,000 tenants (the seed has 2; a pilot ~100, so 10x).
 *   resolve (cached)   the per-request path: the version check (one KV read a second at most)
 *                      and a cache hit
 *   resolve (miss)     a host after a back-office change: two platform/tenant reads
 *   tenants list page  the back office's list, searched by owner email, at 1,000 tenants
 */
import { openDatabase } from "../lib/db/database.ts";
import { withPlatform, withTenant } from "../lib/db/transaction_repo.ts";
import { createTenantDirectory } from "../lib/tenant/tenant_directory.ts";
import { insertTenantRow, listTenantsPage } from "../lib/backoffice/tenant_admin_repo.ts";
import { insertInvitedUser } from "../lib/users/user_admin_repo.ts";
import { insertSubscriptionRow } from "../lib/backoffice/tenant_admin_repo.ts";
import { BUILTIN_PLAN_TERMS } from "../lib/backoffice/plan_terms.ts";

const TENANTS = 1_000;
const handle = await openDatabase({ pgliteDir: undefined });
const kv = await Deno.openKv(":memory:");
for (let i = 0; i < TENANTS; i++) {
  const id = await withPlatform(
    handle.db,
    (trx) =>
      insertTenantRow(trx, {
        name: `Tenant ${i}`,
        slug: `tenant-${i}`,
        domain: `q${i}.example.com`,
      }),
  );
  await withTenant(handle.db, id, async (trx) => {
    await insertSubscriptionRow(trx, id, "BASIC", BUILTIN_PLAN_TERMS.BASIC);
    await insertInvitedUser(trx, {
      tenantId: id,
      email: `owner${i}@t${i}.test`,
      fullName: `Owner ${i}`,
      role: "OWNER",
    });
  });
}
const directory = createTenantDirectory(handle.db, { kv });
const hosts = Array.from({ length: TENANTS }, (_, i) => ({
  kind: "subdomain" as const,
  slug: `tenant-${i}`,
}));
for (const h of hosts) await directory.resolve(h);
let n = 0;

Deno.bench("resolve (cached), 1,000 tenants", async () => {
  await directory.resolve(hosts[n++ % TENANTS]!);
});

Deno.bench("resolve (miss after a change), 1,000 tenants", async () => {
  directory.forget();
  await directory.resolve(hosts[n++ % TENANTS]!);
});

Deno.bench("tenants list page searched by owner email, 1,000 tenants", async () => {
  await withPlatform(handle.db, (trx) =>
    listTenantsPage(trx, {
      q: `owner${n++ % TENANTS}@`,
      sort: "name",
      dir: "asc",
      page: 1,
      perPage: 25,
    }));
});

Deno.bench("tenants list first page, 1,000 tenants", async () => {
  await withPlatform(
    handle.db,
    (trx) => listTenantsPage(trx, { sort: "createdAt", dir: "desc", page: 1, perPage: 25 }),
  );
});

globalThis.addEventListener("unload", () => {
  kv.close();
  handle.close();
});
