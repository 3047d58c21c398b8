/**
 * The production configuration, as the README's deployment section sets it, run for real:
 * main.ts with NODE_ENV=production behind a TLS proxy (single VM: KV file, KV realtime) and in
 * the Deno Deploy shape (REALTIME_SOURCE=postgres). What an operator and a customer would notice:
 * health and readiness, HSTS and Secure cookies, compressed pages, the proxy's certificate ask.
 */
import assert from "node:assert/strict";
import { cookiesOf, hostRequest, startAppProcess } from "./helpers/main_process.ts";
import { TEST_DATABASE_URL } from "./helpers/test_app.ts";

const BASE = "qms.example";
/** What a TLS proxy in front adds: the client's address and that it came over https. */
const PROXIED = { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" };
const PRODUCTION = {
  NODE_ENV: "production",
  BASE_DOMAIN: BASE,
  SESSION_SECRET: "a-production-secret-of-at-least-32-characters",
  TRUST_PROXY: "true",
  PUBLIC_BASE_URL: `https://${BASE}`,
  LOG_LEVEL: "warn",
  // Production never seeds by itself; the test asks for the demo tenants to have one to visit.
  SEED_DEMO: "true",
};

/** Runs main.ts with only `env` (and PATH, HOME, DENO_DIR); returns its exit code and output. */
async function startWith(env: Record<string, string>) {
  const passed = ["PATH", "HOME", "DENO_DIR", "TMPDIR", "XDG_CACHE_HOME"].flatMap((name) => {
    const value = Deno.env.get(name);
    return value === undefined ? [] : [[name, value] as const];
  });
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "-A", "main.ts"],
    cwd: new URL("../", import.meta.url),
    clearEnv: true,
    env: { ...Object.fromEntries(passed), PORT: "0", HOSTNAME: "127.0.0.1", ...env },
    stdin: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test("production refuses to start without its secrets and database, naming them", async () => {
  const bare = await startWith({ NODE_ENV: "production" });
  assert.equal(bare.code, 1);
  assert.match(bare.text, /production requires SESSION_SECRET, DATABASE_URL/);
  const pglite = await startWith({ REALTIME_SOURCE: "postgres" });
  assert.equal(pglite.code, 1);
  assert.match(pglite.text, /REALTIME_SOURCE=postgres needs DATABASE_URL/);
});

for (
  const [shape, extra] of [
    ["single VM behind a TLS proxy (KV file, KV realtime)", { REALTIME_SOURCE: "kv" }],
    ["the Deno Deploy shape (REALTIME_SOURCE=postgres)", { REALTIME_SOURCE: "postgres" }],
  ] as const
) {
  Deno.test({
    name: `production configuration, ${shape}`,
    ignore: !TEST_DATABASE_URL,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const app = await startAppProcess({ ...PRODUCTION, ...extra });
      try {
        for (const host of [BASE, `demo.${BASE}`, `admin.${BASE}`]) {
          const health = await hostRequest(app.port, host, "/healthz");
          assert.equal(health.status, 200, host);
          const ready = await hostRequest(app.port, host, "/readyz");
          assert.equal(ready.status, 200, ready.body);
          assert.equal(JSON.parse(ready.body).status, "ready");
          assert.doesNotMatch(ready.body, /postgres|secret|password/i);
        }

        const home = await hostRequest(app.port, `demo.${BASE}`, "/", {
          headers: { ...PROXIED, "accept-encoding": "br, gzip" },
        });
        assert.equal(home.status, 200);
        // Compressed: the home page is a template gzipped once (br cannot be spliced per request).
        assert.match(String(home.headers["content-encoding"]), /^(br|gzip)$/);
        assert.match(String(home.headers["strict-transport-security"]), /max-age=31536000/);
        assert.match(String(home.headers["content-security-policy"]), /upgrade-insecure-requests/);

        const login = await hostRequest(app.port, `demo.${BASE}`, "/api/auth/login", {
          method: "POST",
          json: { email: "owner@demo.test", password: "demo1234" },
          headers: PROXIED,
        });
        assert.equal(login.status, 200, login.body);
        for (const cookie of login.headers["set-cookie"] ?? []) {
          assert.match(cookie, /;\s*Secure/i, cookie);
          assert.match(cookie, /;\s*HttpOnly/i, cookie);
        }
        const board = await hostRequest(app.port, `demo.${BASE}`, "/api/queues", {
          headers: { ...PROXIED, cookie: cookiesOf(login) },
        });
        assert.equal(board.status, 200, board.body);

        // The proxy's on-demand certificate ask: an active tenant's names yes, anyone else's no
        // (the apex and admin. are covered by the wildcard certificate).
        for (
          const [domain, status] of [
            [`demo.${BASE}`, 200],
            [`nobody.${BASE}`, 404],
            ["evil.example.org", 404],
          ] as const
        ) {
          const ask = await hostRequest(
            app.port,
            "127.0.0.1",
            `/internal/tls/allowed?domain=${domain}`,
          );
          assert.equal(ask.status, status, `${domain}: ${ask.body}`);
        }
        const bad = await hostRequest(app.port, "127.0.0.1", "/internal/tls/allowed?domain=a%20b");
        assert.equal(bad.status, 400);
        assert.equal(JSON.parse(bad.body).code, "bad_request");
      } catch (err) {
        throw new Error(`${err}\n--- app output ---\n${app.output()}`);
      } finally {
        await app.close();
      }
    },
  });
}
