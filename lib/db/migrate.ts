import type { Kysely } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";

const MIGRATIONS_DIR = new URL("../../migrations/", import.meta.url);

/** Loads every `migrations/*.ts` in name order; names are timestamps, so order is history. */
class DirectoryMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const names: string[] = [];
    for await (const entry of Deno.readDir(MIGRATIONS_DIR)) {
      if (entry.isFile && /^\d{14}_[a-z0-9_]+\.ts$/.test(entry.name)) names.push(entry.name);
    }
    names.sort();
    const migrations: Record<string, Migration> = {};
    for (const name of names) {
      migrations[name.replace(/\.ts$/, "")] = await import(new URL(name, MIGRATIONS_DIR).href);
    }
    return migrations;
  }
}

/** Applies pending migrations as the owner; throws with the failing migration's name. */
export async function migrateToLatest(ownerDb: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db: ownerDb, provider: new DirectoryMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const where = failed ? ` in ${failed.migrationName}` : "";
    throw new Error(`Migration failed${where}: ${String((error as Error).message ?? error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
