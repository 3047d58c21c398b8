import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.ts";

export type Tx = Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The only way tenant rows are read or written: one transaction, as the restricted app role,
 * with `app.tenant_id` set for the row-level security policies.
 */
export function withTenant<T>(
  db: Kysely<Database>,
  tenantId: string,
  fn: (trx: Tx) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error("withTenant() needs a tenant uuid");
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'qms_app', true),
      set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
    return await fn(trx);
  });
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
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'qms_platform', true),
      set_config('app.tenant_id', '', true), set_config('synchronous_commit', ${commit}, true)`
      .execute(trx);
    return await fn(trx);
  });
}
