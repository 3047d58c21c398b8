import assert from "node:assert/strict";
import { browserTurn, createHydrationQueue } from "./hydration_queue.ts";

/** Turns that end when the test says so, counted. */
function manualTurns() {
  const ends: Array<() => void> = [];
  return {
    turn: () => new Promise<void>((resolve) => ends.push(resolve)),
    async next() {
      ends.shift()?.();
      // Lets the queue run what the turn's end let go.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    get pending() {
      return ends.length;
    },
  };
}

Deno.test("islands hydrate one per turn, in the order they arrive", async () => {
  const turns = manualTurns();
  const ran: string[] = [];
  const enqueue = createHydrationQueue(turns.turn, () => {});
  enqueue(() => ran.push("ticket"));
  enqueue(() => ran.push("share"));
  enqueue(() => ran.push("chat"));
  assert.deepEqual(ran, ["ticket"], "the first at once, the others after a turn each");
  await turns.next();
  assert.deepEqual(ran, ["ticket", "share"]);
  await turns.next();
  assert.deepEqual(ran, ["ticket", "share", "chat"]);
  await turns.next();
  assert.equal(turns.pending, 0, "an empty queue waits for no more turns");
  enqueue(() => ran.push("late chunk"));
  assert.deepEqual(ran.at(-1), "late chunk", "one arriving after the others starts at once");
  await turns.next();
});

Deno.test("an island that fails is reported and the next ones still hydrate", async () => {
  const turns = manualTurns();
  const ran: string[] = [];
  const reported: unknown[] = [];
  const enqueue = createHydrationQueue(turns.turn, (err) => reported.push(err));
  enqueue(() => ran.push("ticket"));
  enqueue(() => {
    throw new Error("share failed");
  });
  enqueue(() => ran.push("chat"));
  await turns.next();
  await turns.next();
  assert.deepEqual(ran, ["ticket", "chat"]);
  assert.equal((reported[0] as Error).message, "share failed");
  await turns.next();
});

Deno.test("a browser turn ends", async () => {
  let ended = false;
  await browserTurn().then(() => (ended = true));
  assert.ok(ended);
});
