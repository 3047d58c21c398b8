import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { Database } from "../../lib/db/schema.ts";
import { withTenant } from "../../lib/db/transaction_repo.ts";

/**
 * Puts `count` waiting web parties at the end of a queue in one statement (benchmarks that need
 * a long line without `count` joins): phones `+6016…`, tickets `W0001…` (`ticketPrefix` for
 * another line the same day), ranks after the last.
 */
export function fillLine(
  db: Kysely<Database>,
  tenantId: string,
  queueId: string,
  count: number,
  ticketPrefix = "W",
): Promise<void> {
  return withTenant(db, tenantId, async (trx) => {
    await sql`
      insert into queue_entries (tenant_id, queue_id, customer_name, customer_phone, party_size,
        sort_rank, session_id, ticket_number, service_date, verification_code)
      select ${tenantId}::uuid, ${queueId}::uuid, 'Walk-in ' || n,
        '+6016' || lpad(n::text, 7, '0'), 1 + n % 4,
        (select coalesce(max(sort_rank), 0) from queue_entries where queue_id = ${queueId}::uuid)
          + n * 1024,
        substr(md5(random()::text) || md5(random()::text), 1, 32),
        ${ticketPrefix} || lpad(n::text, 4, '0'), current_date, '0000'
      from generate_series(1, ${count}::int) as n
    `.execute(trx);
  });
}
