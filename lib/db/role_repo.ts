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
}
