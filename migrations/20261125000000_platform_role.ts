import { type Kysely, sql } from "kysely";

/**
 * The platform path: back-office work runs as `qms_platform` (no superuser, no BYPASSRLS), whose
 * own permissive policies reach every tenant's rows. `qms_app` may `SET LOCAL ROLE qms_platform`,
 * and only `withPlatform()` does; `withTenant()` never sets it.
 *
 * Why a role the app switches to rather than a second login role: the app keeps one pool and one
 * `DATABASE_URL`, and it works the same under PGlite (one embedded connection). The cost: code that
 * can run arbitrary SQL as `qms_app` could switch too, so the boundary is the code path, not a
 * credential.
 *
 * `qms_app` holds the role without inheriting its rights (PostgreSQL applies a policy `TO role` to
 * every role that inherits from it): the tenant path gets neither the platform's policies nor its
 * grants. A table that later gets row-level security also needs `grantPlatformAccess()`;
 * tests/rls_test.ts fails for a tenant table without it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`do $$ begin
    if not exists (select from pg_roles where rolname = 'qms_platform') then
      create role qms_platform nologin nosuperuser nobypassrls;
    end if;
  exception when duplicate_object or unique_violation then null; -- created meanwhile elsewhere
  end $$`.execute(db);
  await grantRoleWithoutInheritance(db);

  await sql`grant usage on schema public to qms_platform`.execute(db);
  const { rows } = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
    order by 1`.execute(db);
  for (const { table } of rows) await grantPlatformAccess(db, table);

  // Platform tables (no tenant rows): from now on reached only on the platform path.
  await sql`grant select, insert, update, delete on tenants, system_settings to qms_platform`
    .execute(db);
  await sql`grant select, insert, update on back_office_users to qms_platform`.execute(db);
  await sql`revoke update (last_login) on back_office_users from qms_app`.execute(db);
  await sql`revoke select on tenants, back_office_users, system_settings from qms_app`.execute(db);

  // Platform audit rows were written by qms_app with no tenant set; qms_platform writes them now,
  // and the tenant role keeps no way to add a row outside its tenant.
  await sql`drop policy if exists platform_audit_insert on audit_logs`.execute(db);
}

/**
 * The platform's policy and grants on a table with row-level security. The audit log is
 * append-only on the platform path: it may read and add rows, never change or remove one.
 */
export async function grantPlatformAccess(db: Kysely<unknown>, table: string): Promise<void> {
  const t = sql.table(table);
  await sql`create policy platform_access on ${t} as permissive for all to qms_platform
    using (true) with check (true)`.execute(db);
  if (table === "audit_logs") {
    await sql`grant select, insert on ${t} to qms_platform`.execute(db);
  } else {
    await sql`grant select, insert, update, delete on ${t} to qms_platform`.execute(db);
  }
}

/** Membership that allows `SET ROLE` but does not pass the platform's rights to qms_app. */
async function grantRoleWithoutInheritance(db: Kysely<unknown>): Promise<void> {
  const state = async () => {
    const { rows } = await sql<{ member: boolean; inherits: boolean; version: number }>`
      select pg_has_role('qms_app', 'qms_platform', 'MEMBER') as member,
        pg_has_role('qms_app', 'qms_platform', 'USAGE') as inherits,
        current_setting('server_version_num')::int as version`.execute(db);
    return rows[0]!;
  };
  const before = await state();
  if (before.member && !before.inherits) return;
  if (before.version >= 160000) {
    await sql`grant qms_platform to qms_app with inherit false, set true`.execute(db);
  } else {
    // Before PostgreSQL 16, inheritance belongs to the member role, not to one grant.
    await sql`alter role qms_app noinherit`.execute(db);
    await sql`grant qms_platform to qms_app`.execute(db);
  }
  const after = await state();
  if (!after.member || after.inherits) {
    throw new Error(
      "qms_app must be a member of qms_platform without inheriting it; " +
        "see README, PostgreSQL in production",
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create policy platform_audit_insert on audit_logs for insert
    with check (tenant_id is null and coalesce(current_setting('app.tenant_id', true), '') = '')`
    .execute(db);
  await sql`grant select on tenants, back_office_users, system_settings to qms_app`.execute(db);
  await sql`grant update (last_login) on back_office_users to qms_app`.execute(db);
  const { rows } = await sql<{ table: string }>`
    select tablename as table from pg_policies
    where schemaname = 'public' and policyname = 'platform_access'`.execute(db);
  for (const { table } of rows) {
    await sql`drop policy platform_access on ${sql.table(table)}`.execute(db);
  }
  await sql`revoke all on all tables in schema public from qms_platform`.execute(db);
  await sql`revoke usage on schema public from qms_platform`.execute(db);
  // The role itself stays: roles belong to the server, and other databases may use it.
}
