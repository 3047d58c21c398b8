import assert from "node:assert/strict";
import http from "node:http";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";
import { signApiToken } from "../lib/auth/jwt.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

/** A GET with exactly this `Host` header (fetch would replace it), over loopback. */
function rawGet(
  port: number,
  host: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path, headers: { ...headers, host } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => body += chunk);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers["content-type"] ?? ""),
            body,
          }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

Deno.test("a lone UTF-16 surrogate in JSON text is stored as U+FFFD, never a 500", async (t) => {
  const app = await startTestApp();
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const queueId = await firstQueueId(app, DEMO);
    // Raw JSON text: JSON.stringify would never write an escape for a lone surrogate.
    const put = (path: string, json: string) =>
      app.request(`${DEMO}${path}`, {
        method: "PUT",
        headers: { cookie: owner, "content-type": "application/json" },
        body: json,
      });

    await t.step("PUT /api/queues/:id keeps the name, with the broken half replaced", async () => {
      const res = await put(`/api/queues/${queueId}`, '{"name":"Bar\\ud800 counter"}');
      assert.equal(res.status, 200);
      assert.equal((await res.json()).queue.name, "Bar\ufffd counter");
      const read = await app.request(`${DEMO}/api/queues/${queueId}`, {
        headers: { cookie: owner },
      });
      assert.equal((await read.json()).queue.name, "Bar\ufffd counter");
      const logs = await auditFor(app, "demo", queueId);
      assert.ok(logs.some((l) => JSON.stringify(l.details).includes("Bar\ufffd counter")));
    });

    await t.step("a lone surrogate in a key is a 422 naming the key, not a 500", async () => {
      const res = await put(`/api/queues/${queueId}`, '{"name":"Bar","x\\udc00":1}');
      assert.equal(res.status, 422);
      const body = await res.json();
      assert.equal(body.code, "invalid_input");
      assert.ok(JSON.stringify(body.fields).includes("x\ufffd"), JSON.stringify(body));
    });

    await t.step("PUT /api/settings stores the business name, replaced the same way", async () => {
      const res = await put("/api/settings", '{"businessName":"Demo \\udc00Bistro"}');
      assert.equal(res.status, 200);
      assert.equal((await res.json()).settings.businessName, "Demo \ufffdBistro");
      const read = await app.request(`${DEMO}/api/settings`, { headers: { cookie: owner } });
      assert.equal((await read.json()).settings.businessName, "Demo \ufffdBistro");
      const cafe = await app.request(`${CAFE}/`);
      assert.doesNotMatch(await cafe.text(), /Demo \ufffdBistro/, "other tenants are untouched");
    });
  } finally {
    await app.close();
  }
});

Deno.test("a Host header with a bad port is a 400 that says so, never a 500", async () => {
  const app = await startTestApp();
  const server = app.listen();
  try {
    const good = await rawGet(server.port, `demo.localhost:${server.port}`, "/");
    assert.equal(good.status, 200);
    assert.match(good.body, /Demo Bistro/);
    for (const host of ["demo.localhost:99999", "demo.localhost:abc", "demo local"]) {
      const api = await rawGet(server.port, host, "/api/queues");
      assert.equal(api.status, 400, host);
      assert.deepEqual(JSON.parse(api.body), {
        error: "The Host header is not a valid host name and port",
        code: "bad_request",
      });
      const page = await rawGet(server.port, host, "/");
      assert.equal(page.status, 400, host);
      assert.match(page.type, /text\/html/);
      assert.match(page.body, /The Host header is not a valid host name and port/);
    }
  } finally {
    await server.shutdown();
    await app.close();
  }
});

Deno.test("a correctly signed API token with claims that are not ids is a 401", async () => {
  const app = await startTestApp();
  try {
    const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
    const secret = app.deps.config.jwtSecret;
    const tokens = {
      "sub not a uuid": await signApiToken(secret, {
        keyId: "not-a-uuid",
        tenantId: demo!.id,
        role: "ADMIN",
      }),
      "sub an injection": await signApiToken(secret, {
        keyId: "' or 1=1 --",
        tenantId: demo!.id,
        role: "STAFF",
      }),
      "tid not a uuid": await signApiToken(secret, {
        keyId: crypto.randomUUID(),
        tenantId: "demo",
        role: "ADMIN",
      }),
    };
    for (const [what, token] of Object.entries(tokens)) {
      for (const path of ["/api/queues", "/api/users", `/api/queues/${crypto.randomUUID()}`]) {
        const res = await app.request(`${DEMO}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(res.status, 401, `${what} on ${path}`);
        assert.deepEqual(await res.json(), {
          error: "Invalid or expired API credentials",
          code: "unauthorized",
        });
      }
    }
  } finally {
    await app.close();
  }
});
