import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";
import { isStalePreparedStatement } from "./prepared_statements.ts";

export type Tx = Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The way tenant rows are read or written: one transaction, as the restricted app role, with
 * `app.tenant_id` set for the row-level security policies. The only other way is a statement
 * that is its own transaction and sets both itself, for the hottest writes: a join
 * (`join_queue_entry_as`) and its quoted wait (`set_quoted_waits_as`); the outbox's settlement
 * (`settle_outbox`) does the same on the platform path.
 */
export function withTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (trx: Tx) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error("withTenant() needs a tenant uuid");
  // The id is a checked uuid: written into the statement, it lets BEGIN travel with it.
  return inTransaction(
    db,
    `set_config('role', 'qms_app', true), set_config('app.tenant_id', '${tenantId}', true)`,
    fn,
  );
}

/**
 * The only way back-office (platform) work reaches the database: one transaction as
 * `qms_platform`, whose own policies reach every tenant's rows, with no tenant set. Host lookup
 * and sign-in read here too. Every write here is audited: back-office writes go through
 * `platformCommand()` (lib/audit/platform_command.ts), which records the audit row in this
 * same transaction.
 */
export function withPlatform<T>(
  db: Kysely<Database>,
  fn: (trx: Tx) => Promise<T>,
  options: { waitForDisk?: boolean } = {},
): Promise<T> {
  // Bookkeeping whose loss in a server crash only repeats idempotent work (the outbox's claims
  // and settlements) need not wait for its commit to reach the disk: `waitForDisk: false`.
  const commit = options.waitForDisk === false ? "off" : "on";
  return inTransaction(
    db,
    `set_config('role', 'qms_platform', true), set_config('app.tenant_id', '', true),
      set_config('synchronous_commit', '${commit}', true)`,
    fn,
  );
}

/** Databases whose driver runs several statements sent as one (node-postgres; not PGlite). */
const oneTrip = new WeakSet<Kysely<Database>>();

/**
 * Marks a database whose transactions may open in one round trip: BEGIN and the settings sent
 * together. Each round trip costs the app ~90 µs of CPU with node-postgres on Deno, and a
 * transaction is often only three or four of them.
 */
export function openTransactionsInOneTrip(db: Kysely<Database>): void {
  oneTrip.add(db);
}

/**
 * Runs `fn` in a transaction that first applies `settings` (constant `set_config` calls, no
 * parameters). Where the driver allows, BEGIN and the settings go as one simple query and the
 * transaction is ended here: commit, or rollback on any error (including the opening one's).
 */
function inTransaction<T>(
  db: Kysely<Database>,
  settings: string,
  fn: (trx: Tx) => Promise<T>,
): Promise<T> {
  if (!oneTrip.has(db)) {
    return db.transaction().execute(async (trx) => {
      await sql.raw(`select ${settings}`).execute(trx);
      return await fn(trx);
    });
  }
  return inOneTrip(db, settings, fn).catch((err) => {
    // A statement prepared before another process's migration changed its table: the
    // transaction rolled back whole, and runs once more with the statement prepared anew.
    if (!isStalePreparedStatement(err)) throw err;
    return inOneTrip(db, settings, fn);
  });
}

function inOneTrip<T>(
  db: Kysely<Database>,
  settings: string,
  fn: (trx: Tx) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    let result: T;
    try {
      await sql.raw(`begin; select ${settings}`).execute(conn);
      // Only queries are built on it: a connection inside BEGIN is what a Transaction wraps.
      result = await fn(conn as unknown as Tx);
    } catch (err) {
      // A dead connection cannot roll back; the pool drops it when it is released.
      await sql.raw("rollback").execute(conn).catch(() => {});
      throw err;
    }
    const { rows } = await sql.raw<{ command?: string }>("commit").execute(conn);
    // PostgreSQL answers COMMIT with ROLLBACK when an error inside left the transaction aborted.
    if (rows[0]?.command === "ROLLBACK") {
      throw new Error("The transaction was rolled back: a statement in it had failed");
    }
    return result;
  });
}
