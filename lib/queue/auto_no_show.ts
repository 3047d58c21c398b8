import { recordAction } from "../audit/record.ts";
import { withPlatform } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import type { Scope } from "../scope.ts";
import { listActiveTenantIds, markTimedOutCalls } from "./auto_no_show_repo.ts";

/**
 * The scheduled job: a party called and not seated within the queue's call timeout becomes a
 * no-show, recorded as `entry.no_show` by the system, so every open page of that queue hears
 * it. Safe to run in several processes (one UPDATE decides each entry).
 */
export async function expireTimedOutCalls(scope: Omit<Scope, "actor">): Promise<number> {
  const tenantIds = await withPlatform(scope.db, listActiveTenantIds);
  const actor = { userId: null, userType: "SYSTEM" as const, ipAddress: null, userAgent: null };
  let total = 0;
  for (const tenantId of tenantIds) {
    total += await runCommand({ ...scope, actor, tenantId }, async ({ trx, record }) => {
      const rows = await markTimedOutCalls(trx);
      for (const row of rows) {
        await recordAction(trx, tenantId, actor, {
          action: "entry.auto-no-show",
          resource: "queue_entry",
          resourceId: row.id,
          details: {
            queueId: row.queueId,
            ticketNumber: row.ticketNumber,
            from: "called",
            to: "no_show",
          },
        });
        record("entry.no_show", { queueId: row.queueId, entryId: row.id, by: "system" });
      }
      return rows.length;
    });
  }
  return total;
}
