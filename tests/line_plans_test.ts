import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { eveningRounds } from "./helpers/line_plans.ts";

const LINE = 2_000;
/** What reading one end of the line and a few rows by id takes: a handful, not the line. */
const FEW = 50;

// Last night's line finished and the database took stock at a quiet hour, so its indexes of
// live parties look empty to the planner; tonight's line is 2,000 long before it looks again.
// A join (the line's back), a call-next (its front), the "almost your turn" round (its first
// few), the check of a party put back and a screen's tickets run on every change: reading the
// whole line there is O(n) per change, O(n²) an evening. A reload of the line (a change a page's
// model cannot apply) reads tonight's line, not last night's beside it.
Deno.test("what runs on every change reads one end of a 2,000-party line, however stale the planner's statistics", async () => {
  const app = await startTestApp();
  try {
    const { stale, fresh, believedLive } = await eveningRounds(app, LINE);
    assert.ok(believedLive < 10, `the planner believed ${believedLive} live parties: not stale`);
    for (const [when, reads] of Object.entries({ stale, fresh })) {
      const { reload, ...ends } = reads;
      assert.ok(
        Object.values(ends).every((n) => n >= 1 && n <= FEW),
        `rows read in a ${LINE}-party line, statistics ${when}: ${JSON.stringify(reads)}`,
      );
      // The whole live line, and not last night's finished parties beside it.
      assert.ok(
        reload >= LINE && reload <= LINE + FEW,
        `rows read to reload a ${LINE}-party line, statistics ${when}: ${reload}`,
      );
    }
  } finally {
    await app.close();
  }
});
