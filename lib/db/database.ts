import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import type { Database } from "./schema.ts";
import { migrateToLatest } from "./migrate.ts";
import { assertAppRoleIsRestricted } from "./role_repo.ts";
import { type SessionTimeouts, setSessionTimeouts } from "./session_repo.ts";
import { openTransactionsInOneTrip } from "./transaction_repo.ts";
import { createStatementNames, prepareRepeatedStatements } from "./prepared_statements.ts";

export interface DatabaseHandle {
  /**
   * The app's connection. Tenant rows are reached only through withTenant() and the statements
   * that set the tenant themselves (join_queue_entry_as, set_quoted_waits_as).
   */
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
  /** Every app session's `statement_timeout` and `lock_timeout`. */
  timeouts?: SessionTimeouts;
  /** A pooled connection failed outside any query (e.g. the server ended it); it is replaced. */
  onConnectionError?: (err: Error) => void;
}

const plugins = [new CamelCasePlugin()];
/** How long a request waits for a connection (a new one, or a free one of a busy pool). */
const CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_TIMEOUTS: SessionTimeouts = { statementTimeoutMs: 15_000, lockTimeoutMs: 5_000 };

/**
 * A node-postgres pool that never takes the process down: a connection that fails while idle
 * or while checked out between two queries (a terminated backend, a failover) emits `error`,
 * which node's EventEmitter throws when nobody listens. pg-pool listens only while a client is
 * idle, so each client gets its own listener for life; a broken client is not queryable any
 * more, and the pool drops it on release and connects a fresh one.
 */
function createPool(
  url: string,
  options: { max: number; timeouts?: SessionTimeouts; onError: (err: Error) => void },
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Sent as startup parameters, so every session has them without an extra round trip.
    statement_timeout: options.timeouts?.statementTimeoutMs,
    lock_timeout: options.timeouts?.lockTimeoutMs,
  });
  pool.on("error", options.onError);
  pool.on("connect", (client) => client.on("error", options.onError));
  return pool;
}

/** Opens the database, applies pending migrations, and checks the app role cannot bypass RLS. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  if (!options.url) return await openPglite(options.pgliteDir, timeouts);
  const onError = options.onConnectionError ?? (() => {});
  // The owner runs migrations, which may rightly take longer than a request's statement timeout.
  const ownerDb = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: createPool(options.migrationUrl ?? options.url, { max: 2, onError }),
    }),
    plugins,
  });
  const pool = createPool(options.url, { max: options.poolMax ?? 10, timeouts, onError });
  // The app's statements are few and repeated: each connection parses and plans them once.
  prepareRepeatedStatements(pool, createStatementNames());
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  openTransactionsInOneTrip(db);
  try {
    await migrateToLatest(ownerDb as Kysely<unknown>);
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

async function openPglite(
  dataDir: string | undefined,
  timeouts: SessionTimeouts,
): Promise<DatabaseHandle> {
  if (dataDir) await Deno.mkdir(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir);
  // One PGlite connection serves both: the owner path runs before traffic, and every app
  // transaction switches to the restricted role first (PGlite's own user is a superuser).
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins });
  // PGlite accepts the settings (so SHOW agrees with PostgreSQL) but has no timer to enforce them.
  await setSessionTimeouts(db, timeouts);
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
