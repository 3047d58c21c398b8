import assert from "node:assert/strict";
import { readMessage } from "./keywords.ts";

Deno.test("keywords: case, accents, full-width digits and three languages", () => {
  assert.deepEqual(readMessage("join"), {
    intent: { kind: "join", partySize: null },
    locale: "en",
  });
  assert.deepEqual(readMessage("  Jóin   4 "), {
    intent: { kind: "join", partySize: 4 },
    locale: "en",
  });
  assert.deepEqual(readMessage("JOIN4").intent, { kind: "join", partySize: 4 });
  assert.deepEqual(readMessage("masuk 2"), {
    intent: { kind: "join", partySize: 2 },
    locale: "ms",
  });
  assert.deepEqual(readMessage("排队 ３"), {
    intent: { kind: "join", partySize: 3 },
    locale: "zh",
  });
  assert.deepEqual(readMessage("Status"), { intent: { kind: "status" }, locale: null });
  assert.deepEqual(readMessage("batal"), { intent: { kind: "cancel" }, locale: "ms" });
  assert.deepEqual(readMessage("取消"), { intent: { kind: "cancel" }, locale: "zh" });
  assert.deepEqual(readMessage("Help!"), { intent: { kind: "help" }, locale: "en" });
  assert.deepEqual(readMessage("stop").intent, { kind: "stop" });
  assert.deepEqual(readMessage("UNSUBSCRIBE").intent, { kind: "stop" });
  assert.deepEqual(readMessage("start").intent, { kind: "start" });
  assert.deepEqual(readMessage("2").intent, { kind: "number", value: 2 });
  assert.deepEqual(readMessage("Running 5 min late, sorry").intent, {
    kind: "text",
    text: "Running 5 min late, sorry",
  });
  assert.deepEqual(readMessage("join the club").intent.kind, "text");
});
