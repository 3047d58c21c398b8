import assert from "node:assert/strict";
import { assertNotLockedOut, clearLoginFailures, recordLoginFailure } from "./login_throttle.ts";

Deno.test("recordLoginFailure() locks after the limit, doubling the wait, until cleared", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) await recordLoginFailure(kv, "t", "a@x.test", 5, t0);
    await assertNotLockedOut(kv, "t", "a@x.test", t0);
    await recordLoginFailure(kv, "t", "a@x.test", 5, t0);
    await assert.rejects(
      assertNotLockedOut(kv, "t", "a@x.test", t0 + 1_000),
      /try again in 59 seconds/,
    );
    await assertNotLockedOut(kv, "t", "a@x.test", t0 + 61_000);
    await recordLoginFailure(kv, "t", "a@x.test", 5, t0 + 61_000);
    await assert.rejects(
      assertNotLockedOut(kv, "t", "a@x.test", t0 + 62_000),
      /try again in 119 seconds/,
    );
    await assertNotLockedOut(kv, "other", "a@x.test", t0 + 62_000);
    await clearLoginFailures(kv, "t", "a@x.test");
    await assertNotLockedOut(kv, "t", "a@x.test", t0 + 62_000);
  } finally {
    kv.close();
  }
});
