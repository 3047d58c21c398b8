import { sql } from "kysely";
import type pg from "pg";
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
  create: (client: pg.PoolClient) => client.query("create temp table scratch (a int)"),
  insert: (client: pg.PoolClient) => client.query("insert into scratch values ($1)", [1]),
  readAll: (client: pg.PoolClient) => client.query("select * from scratch where a = $1", [1]),
  addColumn: (client: pg.PoolClient) => client.query("alter table scratch add column b int"),
};
