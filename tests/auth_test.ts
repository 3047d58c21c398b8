import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, formSession, jsonPost, staffCookie } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";

Deno.test("staff sign-in: form login, session cookie, logout revokes on the server", async (t) => {
  const app = await startTestApp();
  try {
    const queueId = await firstQueueId(app, DEMO);

    await t.step("the dashboard sends a visitor to the login page", async () => {
      const res = await app.request(`${DEMO}/dashboard/queues/${queueId}`);
      assert.equal(res.status, 303);
      assert.equal(
        res.headers.get("location"),
        `/dashboard/login?next=${encodeURIComponent(`/dashboard/queues/${queueId}`)}`,
      );
    });

    let session = "";
    await t.step("the login form signs in and returns to where the user was going", async () => {
      const { cookie, token } = await formSession(app, `${DEMO}/dashboard/login`);
      const res = await app.request(`${DEMO}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({
          _csrf: token,
          email: "Owner@Demo.test",
          password: "demo1234",
          next: "/dashboard",
        }).toString(),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/dashboard");
      const setCookie = res.headers.get("set-cookie")!;
      assert.match(setCookie, /^qms_sid=[A-Za-z0-9_-]{43};/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
      assert.doesNotMatch(setCookie, /Domain=/i, "host-only: never shared with other tenants");
      session = setCookie.split(";")[0]!;
      const page = await app.request(`${DEMO}/dashboard`, { headers: { cookie: session } });
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Olivia Owner/);
      assert.match(html, /Dine-in/);
    });

    await t.step("a failed form login keeps the email and says only that it failed", async () => {
      const { cookie, token } = await formSession(app, `${DEMO}/dashboard/login`);
      const res = await app.request(`${DEMO}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ _csrf: token, email: "owner@demo.test", password: "nope" })
          .toString(),
      });
      assert.equal(res.status, 401);
      const html = await res.text();
      assert.match(html, /Email or password is incorrect/);
      assert.match(html, /value="owner@demo.test"/);
    });

    await t.step("a wrong password and an unknown email get the same answer", async () => {
      const wrong = await jsonPost(app, `${DEMO}/api/auth/login`, {
        email: "owner@demo.test",
        password: "wrong",
      });
      const unknown = await jsonPost(app, `${DEMO}/api/auth/login`, {
        email: "nobody@demo.test",
        password: "wrong",
      });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.deepEqual(await wrong.json(), await unknown.json());
    });

    await t.step("a user of one tenant cannot sign in on another's host", async () => {
      const res = await jsonPost(app, `${CAFE}/api/auth/login`, {
        email: "owner@demo.test",
        password: "demo1234",
      });
      assert.equal(res.status, 401);
    });

    await t.step("a session of one tenant is worthless on another tenant's host", async () => {
      const res = await app.request(`${CAFE}/dashboard`, { headers: { cookie: session } });
      assert.equal(res.status, 303);
      const cafeQueue = await firstQueueId(app, CAFE);
      const api = await jsonPost(app, `${CAFE}/api/queues/${cafeQueue}/call-next`, {}, {
        headers: { cookie: session },
      });
      assert.equal(api.status, 401);
    });

    await t.step("each login opens a new session id", async () => {
      const a = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
      const b = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
      assert.notEqual(a, b);
    });

    await t.step("after logout the old cookie no longer works, even if replayed", async () => {
      const out = await jsonPost(app, `${DEMO}/api/auth/logout`, {}, {
        headers: { cookie: session },
      });
      assert.equal(out.status, 200);
      assert.match(out.headers.get("set-cookie")!, /qms_sid=;/);
      const replay = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie: session },
      });
      assert.equal(replay.status, 401);
    });
  } finally {
    await app.close();
  }
});

Deno.test("with secure cookies on, the session cookie is __Host- prefixed and Secure", async () => {
  const app = await startTestApp({ SESSION_COOKIE_SECURE: "true" });
  try {
    const res = await jsonPost(app, `${DEMO}/api/auth/login`, {
      email: "staff@demo.test",
      password: "demo1234",
    });
    assert.equal(res.status, 200);
    const setCookie = res.headers.get("set-cookie")!;
    assert.match(setCookie, /^__Host-qms_sid=[A-Za-z0-9_-]{43};/);
    assert.match(setCookie, /Path=\/;/);
    assert.match(setCookie, /Secure/);
    assert.doesNotMatch(setCookie, /Domain=/i);
    const cookie = setCookie.split(";")[0]!;
    const page = await app.request(`${DEMO}/dashboard`, { headers: { cookie } });
    assert.equal(page.status, 200);
  } finally {
    await app.close();
  }
});

Deno.test("repeated failed sign-ins lock the address with backoff, known or not", async () => {
  const app = await startTestApp({ FAILED_LOGIN_LIMIT: "3", RATE_LIMIT_LOGIN_PER_15_MIN: "100" });
  try {
    for (const email of ["staff@demo.test", "nobody@demo.test"]) {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const res = await jsonPost(app, `${DEMO}/api/auth/login`, { email, password: "wrong" }, {
          ip: `198.51.100.${i}`,
        });
        statuses.push(res.status);
        if (res.status === 429) {
          assert.match(
            (await res.json()).error,
            /Too many failed sign-ins for this account; try again in \d+ seconds/,
          );
          assert.ok(Number(res.headers.get("retry-after")) > 0);
        } else await res.body?.cancel();
      }
      assert.deepEqual(statuses, [401, 401, 401, 429], email);
    }
    const locked = await jsonPost(app, `${DEMO}/api/auth/login`, {
      email: "staff@demo.test",
      password: "demo1234",
    });
    assert.equal(locked.status, 429, "even the right password waits out the lock");
    await locked.body?.cancel();
    const other = await jsonPost(app, `${DEMO}/api/auth/login`, {
      email: "owner@demo.test",
      password: "demo1234",
    });
    assert.equal(other.status, 200, "other accounts are unaffected");
    const logs = await auditFor(app, "demo", "");
    assert.ok(logs.some((l) => l.action === "auth.login-failed"));
  } finally {
    await app.close();
  }
});

Deno.test("USE_AUTH_BYPASS=true lets a visitor act as the tenant's owner (development only)", async () => {
  const app = await startTestApp({ USE_AUTH_BYPASS: "true" });
  try {
    const res = await app.request(`${DEMO}/dashboard`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Olivia Owner/);
    const cafe = await app.request(`${CAFE}/api/users`);
    assert.equal(cafe.status, 200);
    const emails = (await cafe.json()).users.map((u: { email: string }) => u.email);
    assert.deepEqual(emails, ["owner@cafe.test"], "the cafe's own users, and only those");
  } finally {
    await app.close();
  }
  const normal = await startTestApp();
  try {
    assert.equal((await normal.request(`${DEMO}/dashboard`)).status, 303);
  } finally {
    await normal.close();
  }
});
