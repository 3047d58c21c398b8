import { CamelCasePlugin, Kysely } from "kysely";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { Database } from "./schema.ts";
import { migrateToLatest } from "./migrate.ts";
import { assertAppRoleIsRestricted } from "./role_repo.ts";

export interface DatabaseHandle {
  /** The app's connection. Tenant rows are reached only through withTenant(). */
  db: Kysely<Database>;
  /** The owner's connection: migrations and platform seeding only. */
  ownerDb: Kysely<Database>;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** App role connection string; unset = embedded PGlite. */
  url?: string;
  /** Owner connection string for migrations; defaults to `url`. */
  migrationUrl?: string;
  /** PGlite data directory; unset = in memory. */
  pgliteDir?: string;
  poolMax?: number;
}

const plugins = [new CamelCasePlugin()];

/** Opens the database, applies pending migrations, and checks the app role cannot bypass RLS. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (!options.url) return await openPglite(options.pgliteDir);
  const ownerSql = postgres(options.migrationUrl ?? options.url, { max: 2, onnotice: () => {} });
  const ownerDb = new Kysely<Database>({
    dialect: new PostgresJSDialect({ postgres: ownerSql }),
    plugins,
  });
  await migrateToLatest(ownerDb as Kysely<unknown>);
  const appSql = postgres(options.url, { max: options.poolMax ?? 10, onnotice: () => {} });
  const db = new Kysely<Database>({
    dialect: new PostgresJSDialect({ postgres: appSql }),
    plugins,
  });
  try {
    await assertAppRoleIsRestricted(db);
  } catch (err) {
    await db.destroy();
    await ownerDb.destroy();
    throw err;
  }
  return {
    db,
    ownerDb,
    kind: "postgres",
    async close() {
      await db.destroy();
      await ownerDb.destroy();
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
  const pg = new PGlite(dataDir);
  // One PGlite connection serves both: the owner path runs before traffic, and every app
  // transaction switches to the restricted role first (PGlite's own user is a superuser).
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg), plugins });
  await migrateToLatest(db as Kysely<unknown>);
  return {
    db,
    ownerDb: db,
    kind: "pglite",
    async close() {
      await db.destroy();
    },
  };
}
