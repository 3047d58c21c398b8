import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, formSession, jsonPost } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const person = (n: number) => ({
  customerName: `Guest ${n}`,
  customerPhone: `01234567${String(n).padStart(2, "0")}`,
  partySize: 2,
});

Deno.test("pages carry a nonce CSP and the other security headers", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const joined = await (await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, person(1)))
      .json();
    const res = await app.request(`${DEMO}/queue/status/${joined.entry.sessionId}`);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await res.text();
    assert.match(
      html,
      // The ticket page's islands load as one page bundle (lib/build/manifest_gen.ts).
      new RegExp(`<script type="module" src="/static/build/[0-9a-f]+/ticket.js" nonce="${nonce}">`),
    );
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
    // The home page counts the notes' characters (an island); "find my place" has none.
    const other = await app.request(`${DEMO}/queue/recover`);
    assert.notEqual(
      other.headers.get("content-security-policy"),
      csp,
      "the nonce changes per request",
    );
    assert.equal(other.status, 200);
    const otherHtml = await other.text();
    assert.match(otherHtml, /Find my place/);
    assert.doesNotMatch(otherHtml, /boot\.js/, "a page without islands ships no script");

    // A new browser gets its CSRF cookie with a page (its forms are signed from it); a status
    // poll of the JSON API has no form, and sets none.
    assert.match(res.headers.get("set-cookie") ?? "", /qms_csrf=[A-Za-z0-9_-]{22,}/);
    const poll = await app.request(`${DEMO}/api/queues/entry/${joined.entry.sessionId}`);
    assert.equal(poll.status, 200);
    assert.equal((await poll.json()).entry.sessionId, joined.entry.sessionId);
    assert.doesNotMatch(poll.headers.get("set-cookie") ?? "", /qms_csrf/);
  } finally {
    await app.close();
  }
});

Deno.test("CSRF: state changes from other sites or without the form token are refused", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const url = `${DEMO}/api/queues/${queueId}/join`;
    const { cookie, token } = await formSession(app, `${DEMO}/`);
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({
        customerName: "Ana",
        customerPhone: "0123456789",
        partySize: "2",
        ...extra,
      })
        .toString();
    const formHeaders = { "content-type": "application/x-www-form-urlencoded", cookie };

    await t.step("a form without the token is a 403 that says what to do", async () => {
      const res = await app.request(url, { method: "POST", headers: formHeaders, body: form({}) });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /reload the page and try again/);
    });

    await t.step("a form with another browser's token is a 403", async () => {
      const other = await formSession(app, `${DEMO}/`);
      const res = await app.request(url, {
        method: "POST",
        headers: formHeaders,
        body: form({ _csrf: other.token }),
      });
      assert.equal(res.status, 403);
    });

    await t.step("a post from another origin, even a sibling tenant, is a 403", async () => {
      const attempts: Record<string, string>[] = [
        { origin: "https://evil.test" },
        { origin: CAFE },
        { "sec-fetch-site": "same-site" },
      ];
      for (const headers of attempts) {
        const res = await jsonPost(app, url, person(2), { headers });
        assert.equal(res.status, 403);
      }
    });

    await t.step(
      "a text/plain body (sendable cross-site without preflight) is refused",
      async () => {
        const res = await app.request(url, {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify(person(3)),
        });
        assert.equal(res.status, 415);
      },
    );

    await t.step("the same form with its token, from the same origin, goes through", async () => {
      const res = await app.request(url, {
        method: "POST",
        headers: { ...formHeaders, origin: DEMO, "sec-fetch-site": "same-origin" },
        body: form({ _csrf: token }),
      });
      assert.equal(res.status, 303);
    });
  } finally {
    await app.close();
  }
});

Deno.test("rate limits: joins and logins per client, all requests by plan", async (t) => {
  const app = await startTestApp({
    RATE_LIMIT_JOIN_PER_MINUTE: "2",
    RATE_LIMIT_LOGIN_PER_15_MIN: "3",
    RATE_LIMIT_MAX_FREE: "6",
  });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const join = (n: number, ip: string) =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, person(n), { ip });

    await t.step(
      "the third join from one client within a minute is a 429 with Retry-After",
      async () => {
        assert.equal((await join(1, "198.51.100.1")).status, 201);
        assert.equal((await join(2, "198.51.100.1")).status, 201);
        const res = await join(3, "198.51.100.1");
        assert.equal(res.status, 429);
        const retry = Number(res.headers.get("retry-after"));
        assert.ok(retry >= 1 && retry <= 60);
        assert.match(
          (await res.json()).error,
          /Too many joins from this connection; please try again in \d+ seconds/,
        );
        assert.equal((await join(4, "198.51.100.2")).status, 201, "another client is not affected");
      },
    );

    await t.step("X-Forwarded-For is ignored when the proxy is not trusted", async () => {
      const res = await app.request(`${DEMO}/api/queues/${queueId}/join`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.77" },
        body: JSON.stringify(person(5)),
        ip: "198.51.100.1",
      });
      assert.equal(res.status, 429);
    });

    await t.step("the fourth failed login from one client is a 429", async () => {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const res = await jsonPost(app, `${DEMO}/api/auth/login`, {
          email: "staff@demo.test",
          password: "wrong-password",
        }, { ip: "198.51.100.9" });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429]);
    });

    await t.step(
      "a FREE tenant's clients hit the plan limit; an ENTERPRISE tenant's do not",
      async () => {
        const statuses = [];
        for (let i = 0; i < 7; i++) {
          statuses.push((await app.request(`${CAFE}/`, { ip: "198.51.100.20" })).status);
        }
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429]);
        assert.equal((await app.request(`${DEMO}/`, { ip: "198.51.100.20" })).status, 200);
      },
    );

    await t.step("writes count against the plan limit too (failed joins included)", async () => {
      const cafeQueue = await firstQueueId(app, CAFE);
      const statuses = [];
      for (let i = 0; i < 7; i++) {
        const res = await jsonPost(app, `${CAFE}/api/queues/${cafeQueue}/join`, {}, {
          ip: "198.51.100.21",
        });
        statuses.push(res.status);
        await res.body?.cancel();
      }
      assert.deepEqual(statuses, [422, 422, 422, 422, 422, 422, 429]);
    });
  } finally {
    await app.close();
  }
});

Deno.test("TRUST_PROXY=true counts clients by the address the nearest proxy saw", async () => {
  const app = await startTestApp({ TRUST_PROXY: "true", RATE_LIMIT_JOIN_PER_MINUTE: "1" });
  try {
    const queueId = await firstQueueId(app, DEMO);
    const join = (n: number, xff: string) =>
      jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, person(n), {
        headers: { "x-forwarded-for": xff },
        ip: "10.0.0.1",
      });
    assert.equal((await join(1, "203.0.113.1")).status, 201);
    const spoofed = await join(2, "198.51.100.77, 203.0.113.1");
    assert.equal(spoofed.status, 429, "an entry the client wrote itself does not make it new");
    await spoofed.body?.cancel();
    assert.equal((await join(3, "203.0.113.1, 203.0.113.2")).status, 201);
  } finally {
    await app.close();
  }
});

Deno.test("hostile bodies get a 4xx with a message, never a 500", async () => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);
    const url = `${DEMO}/api/queues/${queueId}/join`;
    const nul = await jsonPost(app, url, { ...person(1), customerName: "a\u0000b" });
    assert.equal(nul.status, 400);
    assert.deepEqual(await nul.json(), {
      error: "Text may not contain NUL characters",
      code: "bad_request",
    });
    const noBoundary = await app.request(url, {
      method: "POST",
      headers: { "content-type": "multipart/form-data" },
      body: "garbage",
    });
    assert.equal(noBoundary.status, 400);
    await noBoundary.body?.cancel();
    const huge = await app.request(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...person(2), notes: "x".repeat(200_000) }),
    });
    assert.equal(huge.status, 413);
    assert.deepEqual(await huge.json(), { error: "The request is too large", code: "too_large" });
  } finally {
    await app.close();
  }
});
