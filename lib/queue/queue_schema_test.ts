import assert from "node:assert/strict";
import { JoinQueueSchema, normalizePhone } from "./queue_schema.ts";

Deno.test("JoinQueueSchema accepts a valid join and normalizes the phone", () => {
  const r = JoinQueueSchema.parse({
    customerName: "  Ana ",
    customerPhone: "+60 12-345 6789",
    partySize: "4",
    notes: "",
  });
  assert.deepEqual(r, {
    customerName: "Ana",
    customerPhone: "+60123456789",
    partySize: 4,
    notes: undefined,
  });
});

Deno.test("JoinQueueSchema names every bad field with a message", () => {
  const r = JoinQueueSchema.safeParse({
    customerName: "",
    customerPhone: "call me",
    partySize: 25,
    notes: "x".repeat(501),
  });
  assert.equal(r.success, false);
  const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]));
  assert.equal(byField.customerName, "Name is required");
  assert.match(String(byField.customerPhone), /Phone number/);
  assert.equal(byField.partySize, "Party size must be at most 20");
  assert.equal(byField.notes, "Notes must be at most 500 characters");
});

Deno.test("normalizePhone() keeps the plus and the digits", () => {
  assert.equal(normalizePhone(" (012) 345.6789 "), "0123456789");
  assert.equal(normalizePhone("+1 555 0100"), "+15550100");
});
