import assert from "node:assert/strict";
import { withTenant } from "../lib/db/transaction_repo.ts";
import { expireResetLink } from "./helpers/clock_repo.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { firstQueueId, formSession, jsonPost, staffCookie } from "./helpers/forms.ts";
import { type SmtpSink, startSmtpSink } from "./helpers/smtp_sink.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const SENT = "If that address has an account, we sent a link to reset the password.";
const INVALID = "This reset link is invalid or has expired; ask for a new one";
const LINK = /^http:\/\/demo\.localhost\/dashboard\/password\/reset\?token=([A-Za-z0-9_-]{43})$/m;

async function withMailApp(fn: (app: TestApp, sink: SmtpSink) => Promise<void>): Promise<void> {
  const sink = await startSmtpSink();
  try {
    // One SMTP connection: mails arrive in the order they were handed over, so a mail that
    // arrived proves that any mail asked for before it has arrived too.
    const app = await startTestApp({
      SMTP_URL: `${sink.url}?maxConnections=1`,
      RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
    });
    try {
      await fn(app, sink);
    } finally {
      await app.close();
    }
  } finally {
    await sink.close();
  }
}

/** Asks for a reset link for `email` on the demo host and returns the token from its mail. */
async function mailedToken(app: TestApp, sink: SmtpSink, email: string): Promise<string> {
  const res = await jsonPost(app, `${DEMO}/api/auth/forgot-password`, { email });
  assert.equal(res.status, 200);
  const mail = await sink.waitForMail(email);
  return mail.text.match(LINK)?.[1] ?? assert.fail(`no reset link in: ${mail.text}`);
}

function formPost(app: TestApp, url: string, cookie: string, fields: Record<string, string>) {
  return app.request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

Deno.test("password reset: a mailed single-use link sets a new password and ends sessions", async (t) => {
  await withMailApp(async (app, sink) => {
    const email = "staff@demo.test";
    const queueId = await firstQueueId(app, DEMO);
    const before = [
      await staffCookie(app, DEMO, email, "demo1234"),
      await staffCookie(app, DEMO, email, "demo1234"),
    ];
    let token = "";

    await t.step("forgot-password answers alike for unknown and known addresses", async () => {
      const unknown = await jsonPost(app, `${DEMO}/api/auth/forgot-password`, {
        email: "nobody@demo.test",
      });
      const known = await jsonPost(app, `${DEMO}/api/auth/forgot-password`, { email });
      assert.equal(unknown.status, 200);
      assert.equal(known.status, 200);
      assert.equal(known.headers.get("RateLimit-Limit"), "1000", "counted as a sign-in attempt");
      const body = await known.json();
      assert.deepEqual(body, { ok: true, message: SENT });
      assert.deepEqual(await unknown.json(), body);
    });

    await t.step(
      "only the known address gets a mail, with a link to its tenant's host",
      async () => {
        const mail = await sink.waitForMail(email);
        assert.deepEqual(mail.to, [email]);
        assert.match(mail.subject, /Reset your Demo Bistro staff password/);
        token = mail.text.match(LINK)?.[1] ?? assert.fail(`no reset link in: ${mail.text}`);
        // The unknown address was asked for first: its mail, if any, would be in already.
        assert.deepEqual(sink.messages.map((m) => m.to), [], "no mail for the unknown address");
      },
    );

    await t.step("the link opens the reset form carrying the token", async () => {
      const res = await app.request(`${DEMO}/dashboard/password/reset?token=${token}`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /action="\/api\/auth\/reset-password"/);
      assert.match(html, new RegExp(`name="token" value="${token}"`));
      assert.match(html, /name="_csrf" value="[^"]+"/);
    });

    await t.step("a short password is a 422 naming the field, and uses nothing up", async () => {
      const res = await jsonPost(app, `${DEMO}/api/auth/reset-password`, {
        token,
        password: "short",
      });
      assert.equal(res.status, 422);
      const body = await res.json();
      assert.equal(body.fields.password, "Use at least 8 characters");
    });

    await t.step("the token of one tenant does nothing on another tenant's host", async () => {
      const res = await jsonPost(app, `${CAFE}/api/auth/reset-password`, {
        token,
        password: "cafe-takeover-1",
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { error: INVALID, code: "bad_request" });
    });

    await t.step("the link sets the new password", async () => {
      const res = await jsonPost(app, `${DEMO}/api/auth/reset-password`, {
        token,
        password: "new-secret-42",
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).ok, true);
    });

    await t.step("the old password no longer signs in; the new one does", async () => {
      const old = await jsonPost(app, `${DEMO}/api/auth/login`, { email, password: "demo1234" });
      assert.equal(old.status, 401);
      await staffCookie(app, DEMO, email, "new-secret-42");
    });

    await t.step("every session opened before the reset is revoked on the server", async () => {
      for (const cookie of before) {
        const api = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
          headers: { cookie },
        });
        assert.equal(api.status, 401);
        const page = await app.request(`${DEMO}/dashboard`, { headers: { cookie } });
        assert.equal(page.status, 303);
        assert.match(page.headers.get("location") ?? "", /^\/dashboard\/login/);
      }
    });

    await t.step("the link works once", async () => {
      const again = await jsonPost(app, `${DEMO}/api/auth/reset-password`, {
        token,
        password: "another-secret-7",
      });
      assert.equal(again.status, 400);
      assert.deepEqual(await again.json(), { error: INVALID, code: "bad_request" });
      const page = await app.request(`${DEMO}/dashboard/password/reset?token=${token}`);
      assert.equal(page.status, 400);
      assert.match(await page.text(), /invalid or has expired/);
    });
  });
});

Deno.test("password reset: expired links fail, and the forms work without JavaScript", async (t) => {
  await withMailApp(async (app, sink) => {
    const email = "owner@demo.test";

    await t.step("an expired link is refused", async () => {
      const asked = await jsonPost(app, `${DEMO}/api/auth/forgot-password`, { email });
      assert.equal(asked.status, 200);
      const mail = await sink.waitForMail(email);
      const tenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
      assert.ok(tenant);
      await withTenant(app.deps.db, tenant.id, (trx) => expireResetLink(trx, email));
      const token = mail.text.match(LINK)?.[1] ?? assert.fail("no reset link");
      const res = await jsonPost(app, `${DEMO}/api/auth/reset-password`, {
        token,
        password: "too-late-1234",
      });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { error: INVALID, code: "bad_request" });
    });

    await t.step("the forgot form shows the same message for any address", async () => {
      const { cookie, token } = await formSession(app, `${DEMO}/dashboard/password/forgot`);
      const res = await formPost(app, `${DEMO}/api/auth/forgot-password`, cookie, {
        _csrf: token,
        email: "nobody@demo.test",
      });
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.ok(html.includes(SENT));
      assert.match(html, /value="nobody@demo.test"/);
    });

    await t.step("the forgot form keeps a bad address and says what is wrong", async () => {
      const { cookie, token } = await formSession(app, `${DEMO}/dashboard/password/forgot`);
      const res = await formPost(app, `${DEMO}/api/auth/forgot-password`, cookie, {
        _csrf: token,
        email: "not-an-address",
      });
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /Enter a valid email address/);
      assert.match(html, /value="not-an-address"/);
    });

    await t.step("the reset form shows a short password inline, then sets a good one", async () => {
      const token = await mailedToken(app, sink, email);
      const link = `${DEMO}/dashboard/password/reset?token=${token}`;
      const form = await formSession(app, link);
      const short = await formPost(app, `${DEMO}/api/auth/reset-password`, form.cookie, {
        _csrf: form.token,
        token,
        password: "short",
      });
      assert.equal(short.status, 422);
      const html = await short.text();
      assert.match(html, /Use at least 8 characters/);
      assert.match(html, new RegExp(`name="token" value="${token}"`));
      const ok = await formPost(app, `${DEMO}/api/auth/reset-password`, form.cookie, {
        _csrf: form.token,
        token,
        password: "owner-new-pass",
      });
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.get("location"), "/dashboard/login?reset=1");
      await staffCookie(app, DEMO, email, "owner-new-pass");
    });

    await t.step("of two concurrent uses of one link exactly one wins", async () => {
      const token = await mailedToken(app, sink, email);
      const tries = ["race-winner-a1", "race-winner-b2"].map((password) =>
        jsonPost(app, `${DEMO}/api/auth/reset-password`, { token, password })
      );
      const results = await Promise.all(tries);
      const statuses = results.map((r) => r.status);
      await Promise.all(results.map((r) => r.body?.cancel()));
      assert.deepEqual([...statuses].sort(), [200, 400]);
      const winner = statuses[0] === 200 ? "race-winner-a1" : "race-winner-b2";
      await staffCookie(app, DEMO, email, winner);
    });
  });
});
