import { withPlatform } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import { ALMOST_TURN_HANDLER } from "../events/subscriptions.ts";
import { listActiveTenantIds } from "../queue/auto_no_show_repo.ts";
import type { Scope } from "../scope.ts";
import { markAlmostTurn, markDueReminders, markToldOnArrival } from "./nudges_repo.ts";

const SYSTEM = { userId: null, userType: "SYSTEM" as const, ipAddress: null, userAgent: null };

/**
 * `notify:almost`: after a queue changed (a call, cancel, no-show, seat or reorder), the parties
 * now within the queue's "almost your turn" count and not told yet are marked and an
 * `entry.almost_turn` event is recorded for each (which the channels then deliver). A party
 * that joins or is put back already that near is marked without a message (it was just told).
 */
export function createAlmostTurnHandler(scope: Omit<Scope, "actor">): EventHandler {
  return {
    name: ALMOST_TURN_HANDLER,
    async handle(event) {
      const queueId = (event.payload as { queueId?: string }).queueId;
      if (!event.tenantId || !queueId) return;
      const entryId = (event.payload as { entryId?: string }).entryId;
      await runCommand({ ...scope, actor: SYSTEM, tenantId: event.tenantId }, async (cmd) => {
        if ((event.type === "entry.joined" || event.type === "entry.requeued") && entryId) {
          await markToldOnArrival(cmd.trx, entryId);
          return;
        }
        for (const row of await markAlmostTurn(cmd.trx, queueId)) {
          cmd.record("entry.almost_turn", { queueId, entryId: row.id, ahead: row.ahead });
        }
      });
    },
  };
}

/** The reminder job (every minute): records `entry.reminder` for each party due one. */
export async function recordDueReminders(scope: Omit<Scope, "actor">): Promise<number> {
  const tenantIds = await withPlatform(scope.db, listActiveTenantIds);
  let total = 0;
  for (const tenantId of tenantIds) {
    total += await runCommand({ ...scope, actor: SYSTEM, tenantId }, async (cmd) => {
      const rows = await markDueReminders(cmd.trx);
      for (const row of rows) {
        cmd.record("entry.reminder", { queueId: row.queueId, entryId: row.id });
      }
      return rows.length;
    });
  }
  return total;
}
