// deno-lint-ignore-file no-console
/**
 * How much of a queue's line the statements that run on every change read, when the planner's
 * statistics are those of an empty evening: last night's line of N finished, the database took
 * stock at a quiet hour (VACUUM ANALYZE), and tonight's line is N long before it looks again.
 * Prints the index entries of `queue_entries` each statement read (its transaction's own
 * statistics), then the same after an ANALYZE. The join needs the line's back, call-next its
 * front, the "almost your turn" round its first few: a few entries each, when the plan is right.
 * Usage: `deno run -A bench/line_plans.ts [N]` (embedded PGlite; TEST_DATABASE_URL for a
 * PostgreSQL server, as the tests use it).
 */
import { startTestApp } from "../tests/helpers/test_app.ts";
import { firstQueueId } from "../tests/helpers/forms.ts";
import {
  addWaitingParties,
  finishLine,
  joinTermsOf,
  lineIndexReads,
  setUpEvening,
  takeStock,
} from "./line_plans_repo.ts";
import { joinQueueEntryAlone } from "../lib/queue/join_repo.ts";
import { callNextAlone } from "../lib/queue/call_next_repo.ts";
import { markAlmostTurn } from "../lib/notify/nudges_repo.ts";
import { newEvent } from "../lib/events/event_types.ts";
import type { TestApp } from "../tests/helpers/test_app.ts";

const LINE = Number(Deno.args[0] ?? 2_000);
const app = await startTestApp();

/** One join, one call-next and one "almost your turn" round; the index entries each read. */
async function readsOfOneRound(app: TestApp, tenantId: string, queueId: string, n: number) {
  const terms = await joinTermsOf(app.ownerDb, queueId);
  const join = await lineIndexReads(app.deps.db, tenantId, async (trx) => {
    const entryId = crypto.randomUUID();
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
  const call = await lineIndexReads(app.deps.db, tenantId, async (trx) => {
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
  const almost = await lineIndexReads(app.deps.db, tenantId, (trx) => markAlmostTurn(trx, queueId));
  return { join, call, almost };
}

try {
  const queueId = await firstQueueId(app, "http://demo.localhost");
  const tenantId = await setUpEvening(app.ownerDb, queueId);
  await addWaitingParties(app.ownerDb, tenantId, queueId, LINE, "1");
  await finishLine(app.ownerDb, tenantId, queueId);
  await takeStock(app.ownerDb);
  await addWaitingParties(app.ownerDb, tenantId, queueId, LINE, "2");
  const stale = await readsOfOneRound(app, tenantId, queueId, 1);
  await takeStock(app.ownerDb);
  const fresh = await readsOfOneRound(app, tenantId, queueId, 2);
  console.log(
    `index entries of queue_entries read in a ${LINE}-party line (${
      Deno.env.get("TEST_DATABASE_URL") ? "PostgreSQL" : "PGlite"
    }):`,
  );
  console.log(`  statistics of the empty evening: ${JSON.stringify(stale)}`);
  console.log(`  statistics taken again:          ${JSON.stringify(fresh)}`);
} finally {
  await app.close();
}
