import { withPlatform } from "../db/transaction_repo.ts";
import { runCommand } from "../events/command.ts";
import type { EventHandler } from "../events/dispatcher.ts";
import { ALMOST_TURN_HANDLER, durableHandlersFor } from "../events/subscriptions.ts";
import type { DomainEvent } from "../events/event_types.ts";
import { listActiveTenantIds } from "../queue/auto_no_show_repo.ts";
import type { Scope } from "../scope.ts";
import { markAlmostTurnAlone, markDueReminders, markToldOnArrival } from "./nudges_repo.ts";

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
      const tenantId = event.tenantId;
      if ((event.type === "entry.joined" || event.type === "entry.requeued") && entryId) {
        await runCommand({ ...scope, actor: SYSTEM, tenantId }, async (cmd) => {
          await markToldOnArrival(cmd.trx, entryId);
        });
        return;
      }
      // One statement marks the parties and writes their events (runCommand's work, in one).
      const type = "entry.almost_turn";
      const rows = await markAlmostTurnAlone(scope.db, tenantId, queueId, durableHandlersFor(type));
      const told: DomainEvent[] = rows.map((row) => ({
        id: row.eventId,
        type,
        tenantId,
        payload: { queueId, entryId: row.id, ahead: row.ahead },
      }));
      if (told.length > 0) scope.afterCommit(told);
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
