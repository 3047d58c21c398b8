import assert from "node:assert/strict";
import { isDomainError } from "../errors.ts";
import {
  admitLoginAttempt,
  assertNotLockedOut,
  clearLoginFailures,
  recordLoginFailure,
} from "./login_throttle.ts";

/** Matches a `locked_out` refusal with this many seconds to wait. */
function lockedFor(seconds: number, subject = "account") {
  return (err: unknown) =>
    isDomainError(err, "locked_out") && err.params.retryAfter === seconds &&
    err.params.subject === subject;
}

Deno.test("recordLoginFailure() locks after the limit, doubling the wait, until cleared", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) await recordLoginFailure(kv, "t", "a@x.test", 5, t0);
    await assertNotLockedOut(kv, "t", "a@x.test", { now: t0 });
    await recordLoginFailure(kv, "t", "a@x.test", 5, t0);
    await assert.rejects(
      assertNotLockedOut(kv, "t", "a@x.test", { now: t0 + 1_000 }),
      lockedFor(59),
    );
    await assertNotLockedOut(kv, "t", "a@x.test", { now: t0 + 61_000 });
    await recordLoginFailure(kv, "t", "a@x.test", 5, t0 + 61_000);
    await assert.rejects(
      assertNotLockedOut(kv, "t", "a@x.test", { now: t0 + 62_000, subject: "phone" }),
      lockedFor(119, "phone"),
    );
    await assertNotLockedOut(kv, "other", "a@x.test", { now: t0 + 62_000 });
    await clearLoginFailures(kv, "t", "a@x.test");
    await assertNotLockedOut(kv, "t", "a@x.test", { now: t0 + 62_000 });
  } finally {
    kv.close();
  }
});

Deno.test("admitLoginAttempt() admits no more attempts at once than failures left", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const account = { scope: "t", email: "storm@x.test" };
    await recordLoginFailure(kv, "t", account.email, 3);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => admitLoginAttempt(kv, account, { limit: 3 })),
    );
    const admitted = results.filter((r) => r.status === "fulfilled");
    assert.equal(admitted.length, 2, "3 failures allowed, 1 already spent");
    for (const r of results) {
      if (r.status === "rejected") assert.ok(lockedFor(60)(r.reason), String(r.reason));
    }
    const other = await admitLoginAttempt(kv, { scope: "t", email: "else@x.test" }, { limit: 3 });
    other();

    // Freed places can be used again; a second free of the same place changes nothing.
    for (const r of admitted) (r as PromiseFulfilledResult<() => void>).value();
    (admitted[0] as PromiseFulfilledResult<() => void>).value();
    const again = await Promise.allSettled(
      Array.from({ length: 3 }, () => admitLoginAttempt(kv, account, { limit: 3 })),
    );
    assert.deepEqual(again.map((r) => r.status), ["fulfilled", "fulfilled", "rejected"]);
    for (const r of again) if (r.status === "fulfilled") r.value();
  } finally {
    kv.close();
  }
});

Deno.test("admitLoginAttempt() refuses a locked account, then admits one try after the lock", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const account = { scope: "t", email: "locked@x.test" };
    const t0 = 2_000_000;
    for (let i = 0; i < 2; i++) await recordLoginFailure(kv, "t", account.email, 2, t0);
    await assert.rejects(
      admitLoginAttempt(kv, account, { limit: 2, now: t0 + 30_000 }),
      lockedFor(30),
    );
    const after = t0 + 61_000;
    const free = await admitLoginAttempt(kv, account, { limit: 2, now: after });
    await assert.rejects(
      admitLoginAttempt(kv, account, { limit: 2, now: after }),
      lockedFor(120),
      "the one try in flight would lock for twice as long if it fails",
    );
    free();
  } finally {
    kv.close();
  }
});

Deno.test("admitLoginAttempt() still counts an attempt that ends while it reads", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const account = { scope: "t", email: "race@x.test" };
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => readDone = resolve);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => open = resolve);
    // The real KV, with its answer held back until the test has finished an attempt.
    const slowKv = {
      async get(key: Deno.KvKey) {
        const value = await kv.get(key);
        readDone();
        await gate;
        return value;
      },
    } as unknown as Deno.Kv;
    const first = await admitLoginAttempt(kv, account, { limit: 2 });
    const second = await admitLoginAttempt(kv, account, { limit: 2 });
    const third = admitLoginAttempt(slowKv, account, { limit: 2 });
    await read; // it read 0 failures...
    await recordLoginFailure(kv, "t", account.email, 2);
    first(); // ...and the first attempt has now failed and gone
    open();
    await assert.rejects(third, lockedFor(60), "two failures in flight or recorded: no room");
    second();
  } finally {
    kv.close();
  }
});
