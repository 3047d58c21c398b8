import assert from "node:assert/strict";
import { RANK_STEP, rankBefore } from "./rank.ts";

const line = [{ id: "a", sortRank: 1024 }, { id: "b", sortRank: 2048 }, {
  id: "c",
  sortRank: 3072,
}];

Deno.test("rankBefore() places an entry between its new neighbours", () => {
  assert.equal(rankBefore(line, "b"), 1536);
  assert.equal(rankBefore(line, "a"), 1024 - RANK_STEP);
  assert.equal(rankBefore(line, null), 3072 + RANK_STEP);
  assert.equal(rankBefore([], null), RANK_STEP);
});

Deno.test("rankBefore() asks for a renumbering when neighbours are too close", () => {
  const tight = [{ id: "a", sortRank: 1 }, { id: "b", sortRank: 1 + 1e-7 }];
  assert.equal(rankBefore(tight, "b"), null);
});
