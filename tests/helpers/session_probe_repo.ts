import { type Kysely, sql } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import type { Tx } from "../../lib/db/transaction_repo.ts";

/**
 * Who the session is and which tenant it is set to. Outside a transaction this is the login role
 * with no tenant: a transaction left open would still show its own (and, aborted, would refuse
 * this statement).
 */
export async function sessionFacts(
  db: Kysely<Database> | Tx,
): Promise<{ role: string; tenantId: string }> {
  const { rows } = await sql<{ role: string; tenantId: string | null }>`
    select current_user as role, current_setting('app.tenant_id', true) as "tenantId"`
    .execute(db);
  const row = rows[0]!;
  return { role: row.role, tenantId: row.tenantId ?? "" };
}

/** A statement that fails (division by zero). */
export async function failingStatement(trx: Tx): Promise<void> {
  await sql`select 1 / 0`.execute(trx);
}
