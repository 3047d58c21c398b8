import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

function bearer(app: TestApp, url: string, credential: string, init: RequestInit = {}) {
  return app.request(url, {
    ...init,
    headers: { authorization: `Bearer ${credential}`, ...(init.headers ?? {}) },
  });
}

Deno.test("API keys and tokens: shown once, hashed, tenant-bound, revocable", async (t) => {
  const app = await startTestApp();
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    let key = "";
    let keyId = "";
    let token = "";

    await t.step("an owner creates a key and sees it once; staff may not", async () => {
      const res = await jsonPost(app, `${DEMO}/api/keys`, { name: "POS", role: "STAFF" }, {
        headers: { cookie: owner },
      });
      assert.equal(res.status, 201);
      const body = await res.json();
      key = body.key;
      keyId = body.apiKey.id;
      assert.match(key, /^qms_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      const list = await (await app.request(`${DEMO}/api/keys`, { headers: { cookie: owner } }))
        .json();
      assert.equal(list.apiKeys.length, 1);
      const secret = key.slice("qms_".length + 12 + 1);
      assert.equal(secret.length, 43);
      assert.ok(!JSON.stringify(list).includes(secret), "the secret is never listed");
      const denied = await jsonPost(app, `${DEMO}/api/keys`, { name: "Mine" }, {
        headers: { cookie: staff },
      });
      assert.equal(denied.status, 403);
      await denied.body?.cancel();
    });

    await t.step("the key works on its tenant's host, with its role", async () => {
      const res = await bearer(app, `${DEMO}/api/queues`, key);
      assert.equal(res.status, 200);
      assert.equal((await res.json()).queues.length, 1);
      const create = await bearer(app, `${DEMO}/api/queues`, key, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Via API" }),
      });
      assert.equal(create.status, 403, "a STAFF key cannot manage queues");
      await create.body?.cancel();
      const list = await (await app.request(`${DEMO}/api/keys`, { headers: { cookie: owner } }))
        .json();
      assert.ok(list.apiKeys[0].lastUsedAt, "last used time is recorded");
    });

    await t.step("a key of tenant demo on tenant cafe's host is refused", async () => {
      const res = await bearer(app, `${CAFE}/api/queues`, key);
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), {
        error: "Invalid or expired API credentials",
        code: "unauthorized",
      });
    });

    await t.step("a key buys a short-lived JWT that works only on its tenant", async () => {
      const res = await jsonPost(app, `${DEMO}/api/auth/token`, { apiKey: key });
      assert.equal(res.status, 200);
      const body = await res.json();
      token = body.token;
      assert.equal(body.expiresIn, 900);
      assert.equal((await bearer(app, `${DEMO}/api/queues`, token)).status, 200);
      const cross = await bearer(app, `${CAFE}/api/queues`, token);
      assert.equal(cross.status, 401);
      await cross.body?.cancel();
      const wrongHost = await jsonPost(app, `${CAFE}/api/auth/token`, { apiKey: key });
      assert.equal(wrongHost.status, 401);
      await wrongHost.body?.cancel();
    });

    await t.step("an API principal cannot manage keys", async () => {
      const res = await bearer(app, `${DEMO}/api/keys`, token);
      assert.equal(res.status, 403);
      await res.body?.cancel();
    });

    await t.step("revoking the key stops the key and its tokens", async () => {
      const del = await app.request(`${DEMO}/api/keys/${keyId}`, {
        method: "DELETE",
        headers: { cookie: owner },
      });
      assert.equal(del.status, 204);
      for (const credential of [key, token]) {
        const after = await bearer(app, `${DEMO}/api/queues`, credential);
        assert.equal(after.status, 401);
        await after.body?.cancel();
      }
    });

    await t.step("an ADMIN key manages queues but never people, keys or settings", async () => {
      const made = await jsonPost(app, `${DEMO}/api/keys`, { name: "Ops", role: "ADMIN" }, {
        headers: { cookie: owner },
      });
      const adminKey = (await made.json()).key;
      const queue = await bearer(app, `${DEMO}/api/queues`, adminKey, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Made by a key" }),
      });
      assert.equal(queue.status, 201);
      await queue.body?.cancel();
      for (
        const [method, path, body] of [
          ["POST", "/api/users", { email: "attacker@evil.test", fullName: "A", role: "ADMIN" }],
          ["PUT", "/api/settings", { phone: "0123456789" }],
          ["POST", "/api/keys", { name: "More" }],
        ] as const
      ) {
        const res = await bearer(app, `${DEMO}${path}`, adminKey, {
          method,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        assert.equal(res.status, 403, path);
        assert.match((await res.json()).error, /API keys cannot do this; sign in as a person/);
      }
    });

    await t.step("garbage credentials are a 401, never a 500", async () => {
      for (const value of ["qms_x_y", "a.b.c", "", "Basic abc"]) {
        const res = await app.request(`${DEMO}/api/queues`, {
          headers: { authorization: value.startsWith("Basic") ? value : `Bearer ${value}` },
        });
        assert.equal(res.status, 401, value);
        await res.body?.cancel();
      }
    });

    await t.step("key changes are in the audit log", async () => {
      const logs = await auditFor(app, "demo", keyId);
      assert.deepEqual(logs.map((l) => l.action).reverse(), ["api-key.create", "api-key.revoke"]);
      assert.equal(logs[0]!.userType, "MERCHANT");
    });
  } finally {
    await app.close();
  }
});
