import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import type { Tx } from "../../lib/db/transaction_repo.ts";

/** The tenant ids of the queues a tenant sees, by a statement with a parameter (so it is named). */
export async function queueTenantIdsExcept(trx: Tx, name: string): Promise<string[]> {
  const rows = await trx.selectFrom("queues").select("tenantId").where("name", "<>", name)
    .execute();
  return rows.map((r) => r.tenantId);
}

/** The statements this session has prepared (PostgreSQL's own view of it). */
export async function preparedStatementTexts(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ statement: string }>`
    select statement from pg_prepared_statements`.execute(trx);
  return rows.map((r) => r.statement);
}

/** A session's own scratch table, read with `select *` (its columns may change under it). */
export const scratchTable = {
  async create(db: Kysely<Database>): Promise<void> {
    await sql`create temp table scratch (a int)`.execute(db);
    await sql`grant select on scratch to public`.execute(db);
    await sql`insert into scratch values (1)`.execute(db);
  },
  /** The columns of the row `select *` answers. */
  async columns(trx: Tx): Promise<string[]> {
    const { rows } = await sql<Record<string, unknown>>`select * from scratch where a = ${1}`
      .execute(trx);
    return Object.keys(rows[0] ?? {});
  },
  async addColumn(db: Kysely<Database>): Promise<void> {
    await sql`alter table scratch add column b int`.execute(db);
  },
};
