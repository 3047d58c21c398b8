import type { Kysely } from "kysely";
import { insertAuditLog } from "../audit/audit_repo.ts";
import type { Database } from "../db/schema.ts";
import { withPlatform, withTenant } from "../db/transaction_repo.ts";
import { listActiveTenantIds, markTimedOutCalls } from "./auto_no_show_repo.ts";
import { announceQueueChange } from "./queue_events.ts";

/**
 * The scheduled job: a party called and not seated within the queue's call timeout becomes a
 * no-show, and every open page of that queue hears it. Safe to run in several processes.
 */
export async function expireTimedOutCalls(db: Kysely<Database>, kv: Deno.Kv): Promise<number> {
  const tenantIds = await withPlatform(db, listActiveTenantIds);
  let total = 0;
  for (const tenantId of tenantIds) {
    const expired = await withTenant(db, tenantId, async (trx) => {
      const rows = await markTimedOutCalls(trx);
      for (const row of rows) {
        await insertAuditLog(trx, {
          tenantId,
          userId: null,
          userType: "SYSTEM",
          action: "entry.auto-no-show",
          resource: "queue_entry",
          resourceId: row.id,
          details: {
            queueId: row.queueId,
            ticketNumber: row.ticketNumber,
            from: "called",
            to: "no_show",
          },
          ipAddress: null,
          userAgent: null,
        });
      }
      return rows;
    });
    for (const queueId of new Set(expired.map((r) => r.queueId))) {
      await announceQueueChange(kv, tenantId, queueId);
    }
    total += expired.length;
  }
  return total;
}
