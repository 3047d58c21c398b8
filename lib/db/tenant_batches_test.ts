import assert from "node:assert/strict";
import { tenantBatches } from "./tenant_batches.ts";

/** A round runner whose rounds end when the test says so. */
function heldRounds() {
  const rounds: Array<{ tenant: string; items: number[]; finish(fail?: Error): void }> = [];
  const run = (tenant: string, items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      rounds.push({
        tenant,
        items,
        finish: (fail) => fail ? reject(fail) : resolve(items.map((n) => `${tenant}:${n * 10}`)),
      });
    });
  return { rounds, submit: tenantBatches(run) };
}

Deno.test("the first item runs at once; those that arrive meanwhile share the next round", async () => {
  const { rounds, submit } = heldRounds();
  const first = submit("t1", 1);
  assert.deepEqual(rounds.map((r) => r.items), [[1]]);
  const second = submit("t1", 2);
  const third = submit("t1", 3);
  // Another tenant is not held up by t1's round.
  const other = submit("t2", 4);
  assert.deepEqual(rounds.map((r) => [r.tenant, r.items]), [["t1", [1]], ["t2", [4]]]);
  rounds[0]!.finish();
  assert.deepEqual(await first, "t1:10");
  await Promise.resolve();
  assert.deepEqual(rounds.map((r) => r.items), [[1], [4], [2, 3]]);
  rounds[2]!.finish();
  rounds[1]!.finish();
  assert.deepEqual([await second, await third, await other], ["t1:20", "t1:30", "t2:40"]);
});

Deno.test("a failed round fails its own items only, and the next round still runs", async () => {
  const { rounds, submit } = heldRounds();
  const first = submit("t1", 1);
  const second = submit("t1", 2);
  rounds[0]!.finish(new Error("connection lost"));
  await assert.rejects(first, /connection lost/);
  await Promise.resolve();
  assert.deepEqual(rounds.map((r) => r.items), [[1], [2]]);
  rounds[1]!.finish();
  assert.deepEqual(await second, "t1:20");
  // Idle again: a new item starts a round of its own at once.
  const third = submit("t1", 3);
  assert.deepEqual(rounds.at(-1)!.items, [3]);
  rounds.at(-1)!.finish();
  assert.deepEqual(await third, "t1:30");
});
