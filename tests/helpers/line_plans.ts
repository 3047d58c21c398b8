import type { TestApp } from "./test_app.ts";
import { firstQueueId } from "./forms.ts";
import { fillLine } from "./bulk_line_repo.ts";
import { setCapacity, tenantOfQueue } from "./line_counts_probe_repo.ts";
import {
  believedLiveParties,
  finishLine,
  holdAutovacuum,
  joinTermsOf,
  lineRowsRead,
  takeStock,
} from "./line_plans_probe_repo.ts";
import { joinQueueEntryAlone } from "../../lib/queue/join_repo.ts";
import { callNextAlone } from "../../lib/queue/call_next_repo.ts";
import { markAlmostTurn, markToldOnArrival } from "../../lib/notify/nudges_repo.ts";
import { listDisplayTickets } from "../../lib/display/display_repo.ts";
import { listLiveEntries } from "../../lib/queue/entry_repo.ts";
import { newEvent } from "../../lib/events/event_types.ts";

/**
 * Rows of queue_entries (index entries and table scans) read by a join, a call-next, an "almost
 * your turn" round, the check of a party put back (told on arrival?) and a screen's tickets, and
 * by the reload of the whole live line (a status page's model after a change it cannot apply).
 */
export interface RoundReads {
  join: number;
  call: number;
  almost: number;
  putBack: number;
  screen: number;
  reload: number;
}

/**
 * The demo queue's evening: last night's `line` parties finished, the database took stock at a
 * quiet hour (its indexes of live parties then look empty to the planner), and tonight's line is
 * `line` long before it looks again. Measures one round then (`stale`), and one more after the
 * database took stock again (`fresh`); `believedLive` is the live parties the planner believed
 * in during the first (none, while `line` wait).
 */
export async function eveningRounds(
  app: TestApp,
  line: number,
): Promise<{ stale: RoundReads; fresh: RoundReads; believedLive: number }> {
  const queueId = await firstQueueId(app, "http://demo.localhost");
  const tenantId = await tenantOfQueue(app.ownerDb, queueId);
  await setCapacity(app.ownerDb, queueId, 2 * line + 10);
  await holdAutovacuum(app.ownerDb);
  await fillLine(app.ownerDb, tenantId, queueId, line, "A");
  await finishLine(app.ownerDb, tenantId, queueId);
  await takeStock(app.ownerDb);
  await fillLine(app.ownerDb, tenantId, queueId, line, "B");
  const believedLive = await believedLiveParties(app.ownerDb);
  const stale = await oneRound(app, tenantId, queueId, 1);
  await takeStock(app.ownerDb);
  const fresh = await oneRound(app, tenantId, queueId, 2);
  return { stale, fresh, believedLive };
}

/**
 * One join at the back, one call-next at the front, one "almost your turn" round, the check of
 * the party just joined as if put back, and the tickets a screen shows.
 */
async function oneRound(
  app: TestApp,
  tenantId: string,
  queueId: string,
  n: number,
): Promise<RoundReads> {
  const terms = await joinTermsOf(app.ownerDb, queueId);
  const entryId = crypto.randomUUID();
  const join = await lineRowsRead(app.deps.db, tenantId, async (trx) => {
    const phone = `01999${String(n).padStart(5, "0")}`;
    const attempt = await joinQueueEntryAlone(trx, tenantId, queueId, terms, true, {
      id: entryId,
      tenantId,
      queueId,
      customerName: "Late arrival",
      customerPhone: phone,
      partySize: 2,
      notes: null,
      platform: "web",
      rankStep: 1024,
      sessionId: `plans-${entryId}`,
      verificationCode: "1234",
      idempotencyKey: null,
      serviceTypeId: null,
      serviceDate: new Date().toISOString().slice(0, 10),
      locale: "en",
      phoneForms: [phone],
    }, { event: newEvent("entry.joined", tenantId, { queueId, entryId }), pending: [] });
    if (attempt.outcome !== "joined") throw new Error(`join: ${JSON.stringify(attempt)}`);
  });
  const call = await lineRowsRead(app.deps.db, tenantId, async (trx) => {
    const attempt = await callNextAlone(trx, tenantId, queueId, {
      event: newEvent("entry.called", tenantId, { queueId, entryId: "" }),
      pending: [],
    }, {
      tenantId,
      userId: null,
      userType: "SYSTEM",
      action: "entry.call-next",
      resource: "queue_entry",
      resourceId: "",
      details: { queueId },
      ipAddress: null,
      userAgent: null,
    });
    if (attempt.outcome !== "called") throw new Error(`call-next: ${attempt.outcome}`);
  });
  const almost = await lineRowsRead(app.deps.db, tenantId, async (trx) => {
    const told = await markAlmostTurn(trx, queueId);
    if (told.length === 0) throw new Error("the almost-your-turn round told nobody");
  });
  const putBack = await lineRowsRead(
    app.deps.db,
    tenantId,
    (trx) => markToldOnArrival(trx, entryId),
  );
  const screen = await lineRowsRead(app.deps.db, tenantId, async (trx) => {
    const tickets = await listDisplayTickets(trx, queueId, { next: 5, calling: 3 });
    if (!tickets.some((t) => t.status === "called")) throw new Error("the screen shows no call");
  });
  const reload = await lineRowsRead(app.deps.db, tenantId, async (trx) => {
    const line = await listLiveEntries(trx, queueId);
    if (line.length === 0) throw new Error("the reload found no line");
  });
  return { join, call, almost, putBack, screen, reload };
}
