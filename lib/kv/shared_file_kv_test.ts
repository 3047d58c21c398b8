import assert from "node:assert/strict";
import { isLockedError, sharedFileKv, whileLocked } from "./shared_file_kv.ts";

/** How long both processes write at the same time. */
const WRITE_MS = 2_000;
const AT_ONCE = 10;
const MODULE = new URL("./shared_file_kv.ts", import.meta.url).href;

/** Another process writing the file for WRITE_MS through the same wrapper; prints its count. */
function otherProcess(path: string) {
  const code = `
    const { sharedFileKv } = await import(${JSON.stringify(MODULE)});
    const kv = sharedFileKv(await Deno.openKv(${JSON.stringify(path)}));
    await kv.set(["started"], true);
    let done = 0;
    const end = Date.now() + ${WRITE_MS};
    while (Date.now() < end) {
      await Promise.all(Array.from({ length: ${AT_ONCE} }, (_, j) => kv.atomic()
        .set(["theirs", j], 1, { expireIn: 5 }).delete(["gone", j]).sum(["n"], 1n).commit()));
      done += ${AT_ONCE};
    }
    console.log(done);
    kv.close();
  `;
  return new Deno.Command(Deno.execPath(), {
    args: ["eval", "--unstable-kv", code],
    stdout: "piped",
    stderr: "piped",
  }).output();
}

/** A read-then-write with a version check, as the rate limiter counts: what SQLite refuses. */
async function addChecked(kv: Deno.Kv) {
  while (true) {
    const entry = await kv.get<Deno.KvU64>(["n"]);
    if (await kv.atomic().check(entry).sum(["n"], 1n).commit().then((r) => r.ok)) return;
  }
}

Deno.test("sharedFileKv() loses no write when two processes write one KV file at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "qms_kv_" });
  const path = `${dir}/kv.sqlite3`;
  const kv = sharedFileKv(await Deno.openKv(path));
  try {
    const other = otherProcess(path);
    while (!(await kv.get(["started"])).value) await new Promise((r) => setTimeout(r, 5));
    let mine = 0;
    const end = Date.now() + WRITE_MS;
    while (Date.now() < end) {
      await Promise.all(Array.from({ length: AT_ONCE }, () => addChecked(kv)));
      mine += AT_ONCE;
    }
    const out = await other;
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const theirs = Number(new TextDecoder().decode(out.stdout).trim());
    assert.ok(theirs > 0 && mine > 0);
    const total = await kv.get<Deno.KvU64>(["n"]);
    assert.equal(total.value?.value, BigInt(mine + theirs));
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("whileLocked() retries only 'database is locked' and passes other errors on", async () => {
  let tries = 0;
  const value = await whileLocked(() => {
    if (++tries < 3) return Promise.reject(new TypeError("database is locked"));
    return Promise.resolve("done");
  });
  assert.equal(value, "done");
  assert.equal(tries, 3);
  let failures = 0;
  await assert.rejects(
    () => whileLocked(() => (failures++, Promise.reject(new Error("disk I/O error")))),
    /disk I\/O error/,
  );
  assert.equal(failures, 1);
  assert.equal(isLockedError(new TypeError("database is locked")), true);
  assert.equal(isLockedError("database is locked"), false);
});
