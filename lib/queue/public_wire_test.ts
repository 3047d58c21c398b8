import assert from "node:assert/strict";
import { entryKey, placeOnWire, toPublicWire } from "./public_wire.ts";

const a = "0f1e2d3c-4b5a-4697-8a7b-6c5d4e3f2a10";
const b = "aa11bb22-cc33-4d44-8e55-ff6677889900";
const c = "12345678-9abc-4def-8123-456789abcdef";

const wire = toPublicWire({
  queueId: "q1",
  waiting: [
    { id: a, position: 1, estimatedWaitTime: 4 },
    { id: b, position: 2, estimatedWaitTime: 11 },
  ],
  called: [c],
});

Deno.test("toPublicWire() sends the line as keys in order with their waits, and no full ids", () => {
  assert.deepEqual(wire, {
    queueId: "q1",
    waiting: ["0f1e2d3c4b5a4697", "aa11bb22cc334d44"],
    waits: [4, 11],
    called: ["123456789abc4def"],
  });
  const sent = JSON.stringify(wire);
  for (const id of [a, b, c]) assert.ok(!sent.includes(id), `full id ${id} is not on the wire`);
});

Deno.test("placeOnWire() finds a party's place, its call, or that it left the line", () => {
  assert.deepEqual(placeOnWire(wire, a), { status: "waiting", position: 1, estimatedWaitTime: 4 });
  assert.deepEqual(placeOnWire(wire, b), {
    status: "waiting",
    position: 2,
    estimatedWaitTime: 11,
  });
  assert.deepEqual(placeOnWire(wire, c), { status: "called" });
  assert.equal(placeOnWire(wire, "99999999-0000-4000-8000-000000000000"), null);
  assert.equal(entryKey(a).length, 16);
});
