import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";

/** Refuses to run as a role that row-level security does not bind. */
export async function assertAppRoleIsRestricted(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string; rolsuper: boolean; rolbypassrls: boolean }>`
    select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user
  `.execute(db);
  const role = rows[0];
  if (!role) throw new Error("Database role check failed: current role not found");
  if (role.rolsuper || role.rolbypassrls) {
    throw new Error(
      `DATABASE_URL connects as "${role.name}", which bypasses row-level security; ` +
        "connect as the app role (qms_app) and put the owner in DATABASE_MIGRATION_URL",
    );
  }
  await assertPlatformRoleIsSeparate(db);
}

/**
 * The back-office role is restricted too, and the app role may switch to it (withPlatform) but
 * does not inherit it: otherwise its policies and grants would apply on the tenant path.
 */
async function assertPlatformRoleIsSeparate(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<
    { rolsuper: boolean; rolbypassrls: boolean; member: boolean; inherits: boolean }
  >`
    select rolsuper, rolbypassrls, pg_has_role(current_user, oid, 'MEMBER') as member,
      pg_has_role(current_user, oid, 'USAGE') as inherits
    from pg_roles where rolname = 'qms_platform'
  `.execute(db);
  const role = rows[0];
  if (!role || !role.member) {
    throw new Error("Database role check failed: the app role cannot switch to qms_platform");
  }
  if (role.rolsuper || role.rolbypassrls) {
    throw new Error("qms_platform bypasses row-level security; it must be NOSUPERUSER NOBYPASSRLS");
  }
  if (role.inherits) {
    throw new Error(
      "The app role inherits qms_platform, so tenant work would see every tenant; " +
        "grant it WITH INHERIT FALSE (PostgreSQL 16+) or make the app role NOINHERIT",
    );
  }
}
