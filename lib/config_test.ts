import assert from "node:assert/strict";
import { loadConfig } from "./config.ts";

Deno.test("loadConfig() gives safe development defaults", () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 8000);
  assert.equal(c.BASE_DOMAIN, "localhost");
  assert.equal(c.DATABASE_URL, undefined);
  assert.equal(c.seedDemo, true);
  assert.equal(c.cookieSecure, false);
});

Deno.test("loadConfig() refuses production without its required variables", () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: "production" }),
    /production requires SESSION_SECRET, DATABASE_URL, BASE_DOMAIN/,
  );
});

Deno.test("loadConfig() names each invalid variable", () => {
  assert.throws(() => loadConfig({ PORT: "http", TRUST_PROXY: "maybe" }), (err: Error) => {
    assert.match(err.message, /PORT/);
    assert.match(err.message, /TRUST_PROXY/);
    return true;
  });
});

Deno.test("loadConfig() turns production on: secure cookies and no demo seed", () => {
  const c = loadConfig({
    NODE_ENV: "production",
    SESSION_SECRET: "x".repeat(40),
    DATABASE_URL: "postgres://app@db/qms",
    BASE_DOMAIN: "storehubqms.com",
  });
  assert.equal(c.cookieSecure, true);
  assert.equal(c.seedDemo, false);
});

Deno.test("loadConfig() refuses USE_AUTH_BYPASS in production and reads the admin list", () => {
  const prod = {
    NODE_ENV: "production",
    SESSION_SECRET: "x".repeat(40),
    DATABASE_URL: "postgres://app@db/qms",
    BASE_DOMAIN: "storehubqms.com",
  };
  assert.throws(
    () => loadConfig({ ...prod, USE_AUTH_BYPASS: "true" }),
    /USE_AUTH_BYPASS=true is refused/,
  );
  const dev = loadConfig({
    USE_AUTH_BYPASS: "true",
    SUPERADMIN_EMAILS: " Ana@QMS.test, bo@qms.test ,",
  });
  assert.equal(dev.USE_AUTH_BYPASS, true);
  assert.deepEqual(dev.superadminEmails, ["ana@qms.test", "bo@qms.test"]);
});

Deno.test("loadConfig() reads TRUST_PROXY_HOPS: one proxy by default, at least one", () => {
  assert.equal(loadConfig({}).TRUST_PROXY_HOPS, 1);
  assert.equal(loadConfig({ TRUST_PROXY_HOPS: "2" }).TRUST_PROXY_HOPS, 2);
  assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: "0" }), /TRUST_PROXY_HOPS/);
});
