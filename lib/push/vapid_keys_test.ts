import assert from "node:assert/strict";
import { loadConfig } from "../config.ts";
import { resolveVapidKeys } from "./vapid_keys.ts";

Deno.test("resolveVapidKeys() generates a development pair once and keeps it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/nested/vapid.json`;
    const config = loadConfig({ NODE_ENV: "development" });
    const first = await resolveVapidKeys(config, { file });
    const again = await resolveVapidKeys(config, { file });
    assert.ok(first);
    assert.match(first.publicKey, /^[A-Za-z0-9_-]{87}$/);
    assert.deepEqual(again, first);
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveVapidKeys() uses configured keys, and production without them has no push", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/vapid.json`;
    const keys = {
      VAPID_PUBLIC_KEY: "B" + "A".repeat(86),
      VAPID_PRIVATE_KEY: "C".repeat(43),
      VAPID_SUBJECT: "https://qms.example",
    };
    const configured = await resolveVapidKeys(loadConfig({ NODE_ENV: "development", ...keys }), {
      file,
    });
    assert.deepEqual(configured, {
      publicKey: keys.VAPID_PUBLIC_KEY,
      privateKey: keys.VAPID_PRIVATE_KEY,
      subject: "https://qms.example",
    });
    const production = loadConfig({
      NODE_ENV: "production",
      SESSION_SECRET: "s".repeat(32),
      DATABASE_URL: "postgres://app@db/qms",
      BASE_DOMAIN: "qms.example",
    });
    assert.equal(await resolveVapidKeys(production, { file }), null);
    await assert.rejects(Deno.stat(file), Deno.errors.NotFound, "nothing was written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfig() refuses one VAPID key without the other", () => {
  assert.throws(
    () => loadConfig({ VAPID_PUBLIC_KEY: "B" + "A".repeat(86) }),
    /set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY/,
  );
  assert.throws(() => loadConfig({ VAPID_SUBJECT: "admin@example.com" }), /VAPID_SUBJECT/);
});
