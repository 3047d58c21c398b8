import assert from "node:assert/strict";
import {
  ChatTemplatesSchema,
  CustomerSendSchema,
  StaffSendSchema,
  templatesFromLines,
} from "./chat_schema.ts";

Deno.test("CustomerSendSchema takes 1 to 1,000 characters after trimming", () => {
  const sessionId = "a".repeat(32);
  assert.equal(CustomerSendSchema.parse({ sessionId, content: "  hi  " }).content, "hi");
  assert.equal(CustomerSendSchema.safeParse({ sessionId, content: "   " }).success, false);
  assert.equal(
    CustomerSendSchema.safeParse({ sessionId, content: "x".repeat(1000) }).success,
    true,
  );
  assert.equal(
    CustomerSendSchema.safeParse({ sessionId, content: "x".repeat(1001) }).success,
    false,
  );
  assert.equal(CustomerSendSchema.safeParse({ sessionId: "short", content: "hi" }).success, false);
});

Deno.test("StaffSendSchema needs an entry uuid and refuses a session id beside it", () => {
  const entryId = crypto.randomUUID();
  assert.equal(StaffSendSchema.safeParse({ entryId, content: "ok" }).success, true);
  assert.equal(StaffSendSchema.safeParse({ entryId: "nope", content: "ok" }).success, false);
  assert.equal(
    StaffSendSchema.safeParse({ entryId, content: "ok", sessionId: "a".repeat(32) }).success,
    false,
  );
});

Deno.test("templatesFromLines() keeps one message per non-blank line, trimmed", () => {
  assert.deepEqual(templatesFromLines("a\r\n\r\n  b  \nc\n"), ["a", "b", "c"]);
  assert.deepEqual(templatesFromLines(""), []);
});

Deno.test("ChatTemplatesSchema caps the count and the length of quick messages", () => {
  assert.equal(ChatTemplatesSchema.safeParse({ templates: [] }).success, true);
  assert.equal(ChatTemplatesSchema.safeParse({ templates: Array(21).fill("x") }).success, false);
  assert.equal(ChatTemplatesSchema.safeParse({ templates: ["x".repeat(201)] }).success, false);
});
