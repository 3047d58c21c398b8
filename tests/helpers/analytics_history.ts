import type { Platform } from "../../lib/db/schema.ts";
import { withTenant } from "../../lib/db/transaction_repo.ts";
import { joinQueue } from "../../lib/queue/join.ts";
import { applyEntryAction } from "../../lib/queue/entry_actions.ts";
import type { TenantScope } from "../../lib/scope.ts";
import type { BootedApp } from "../../lib/boot.ts";
import { jobScope } from "./test_app.ts";
import { pinEntryTimes } from "./clock_repo.ts";

const MIN = 60_000;

/** One past visit: when the party joined and what happened, minutes after the join/call. */
export interface Visit {
  joinedAt: string;
  platform?: Platform;
  /** Minutes from join to call; unset = never called. */
  callAfter?: number;
  /** Minutes from call to seating (seated, then completed 30 minutes later). */
  seatAfter?: number;
  /** Minutes from call to completion (without seating). */
  completeAfter?: number;
  end?: "no-show" | "cancel";
  /** The party's phone; a number of its own per visit otherwise. */
  phone?: string;
}

export interface SeededVisit extends Visit {
  id: string;
  sessionId: string;
  /** The wait the party was quoted when it joined (what its page showed). */
  quoted: number;
}

/** A scope acting as the tenant's staff (a person with no user id: the tests' "clock" staff). */
export async function tenantScope(app: BootedApp, slug: string): Promise<TenantScope> {
  const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug });
  const actor = { userId: null, userType: "MERCHANT" as const, ipAddress: null, userAgent: null };
  return { ...jobScope(app), actor, tenantId: tenant!.id };
}

/**
 * Plays visits through the domain (join with the visit's clock, then the staff actions), then
 * pins each time the database stamped with its own clock to the visit's.
 */
export async function seedVisits(
  scope: TenantScope,
  queueId: string,
  visits: Visit[],
): Promise<SeededVisit[]> {
  const out: SeededVisit[] = [];
  for (const [n, v] of visits.entries()) {
    const joinedAt = new Date(v.joinedAt);
    const { entry } = await joinQueue(scope, queueId, {
      customerName: `Visitor ${n}`,
      customerPhone: v.phone ?? `+6012${String(1000000 + n)}`,
      partySize: 2,
    }, { platform: v.platform ?? "web", now: joinedAt });
    const act = (a: Parameters<typeof applyEntryAction>[3]) =>
      applyEntryAction(scope, queueId, entry.id, a);
    const times: Parameters<typeof pinEntryTimes>[2] = { joinedAt };
    if (v.callAfter !== undefined) {
      await act("call");
      times.calledAt = new Date(joinedAt.getTime() + v.callAfter * MIN);
      if (v.seatAfter !== undefined) {
        await act("seat");
        times.servedAt = new Date(times.calledAt.getTime() + v.seatAfter * MIN);
        await act("complete");
        times.completedAt = new Date(times.servedAt.getTime() + 30 * MIN);
      } else if (v.completeAfter !== undefined) {
        await act("complete");
        times.completedAt = new Date(times.calledAt.getTime() + v.completeAfter * MIN);
      }
    }
    if (v.end === "no-show") await act("no-show");
    if (v.end === "cancel") await act("cancel");
    await withTenant(scope.db, scope.tenantId, (trx) => pinEntryTimes(trx, entry.id, times));
    out.push({ ...v, id: entry.id, sessionId: entry.sessionId, quoted: entry.estimatedWaitTime });
  }
  return out;
}
