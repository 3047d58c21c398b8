import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { formSession, jsonPost } from "./helpers/forms.ts";
import { auditFor } from "./helpers/audit_probe.ts";

const DEMO = "http://demo.localhost";
const ADMIN = "http://admin.localhost";
const STORM = 100;

/** Counts each status, and checks every refusal says when to come back. */
async function tally(responses: Response[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const res of responses) {
    counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    if (res.status === 429) {
      assert.ok(Number(res.headers.get("retry-after")) >= 1, "a 429 says when to retry");
    }
    await res.body?.cancel();
  }
  return counts;
}

async function failedLoginsAudited(app: TestApp, email: string): Promise<number> {
  const logs = await auditFor(app, "demo", "");
  return logs.filter((l) => l.action === "auth.login-failed" && l.details?.email === email)
    .length;
}

Deno.test("a storm of wrong passwords from one client is refused before any hashing", async () => {
  const app = await startTestApp(); // 10 attempts per client, 5 failures per account
  try {
    const storm = await Promise.all(
      Array.from({ length: STORM }, () =>
        jsonPost(app, `${DEMO}/api/auth/login`, {
          email: "staff@demo.test",
          password: "wrong-password",
        }, { ip: "198.51.100.60" })),
    );
    const counts = await tally(storm);
    const checked = counts.get(401) ?? 0;
    assert.ok(checked >= 1 && checked <= 5, `passwords checked: ${checked}`);
    assert.equal(counts.get(429), STORM - checked, JSON.stringify([...counts]));
    assert.equal(await failedLoginsAudited(app, "staff@demo.test"), checked);

    const other = await jsonPost(app, `${DEMO}/api/auth/login`, {
      email: "owner@demo.test",
      password: "demo1234",
    }, { ip: "198.51.100.61" });
    assert.equal(other.status, 200, "another account from another client signs in at once");
    assert.equal((await other.json()).user.email, "owner@demo.test");
  } finally {
    await app.close();
  }
});

Deno.test("a storm at one account from many clients checks at most its failure limit", async () => {
  const app = await startTestApp({ FAILED_LOGIN_LIMIT: "5" });
  try {
    const storm = await Promise.all(
      Array.from({ length: STORM }, (_, i) =>
        jsonPost(app, `${DEMO}/api/auth/login`, {
          email: "staff@demo.test",
          password: "wrong-password",
        }, { ip: `203.0.113.${i}` })),
    );
    const bodies = await Promise.all(
      storm.filter((r) => r.status === 429).map((r) => r.clone().json()),
    );
    const counts = await tally(storm);
    const checked = counts.get(401) ?? 0;
    assert.ok(checked >= 1 && checked <= 5, `passwords checked: ${checked}`);
    assert.equal(counts.get(429), STORM - checked, JSON.stringify([...counts]));
    assert.equal(bodies.length, STORM - checked);
    for (const body of bodies) {
      assert.equal(body.code, "locked_out");
      assert.match(
        body.error,
        /Too many failed sign-ins for this account; try again in \d+ seconds/,
      );
    }
    assert.equal(await failedLoginsAudited(app, "staff@demo.test"), checked);

    const other = await jsonPost(app, `${DEMO}/api/auth/login`, {
      email: "owner@demo.test",
      password: "demo1234",
    }, { ip: "198.51.100.62" });
    assert.equal(other.status, 200, "another account from another client signs in at once");
    await other.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("the back-office sign-in form refuses a storm at one account the same way", async () => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const { cookie, token } = await formSession(app, `${ADMIN}/backoffice/login`);
    const attempt = (password: string, ip: string) =>
      app.request(`${ADMIN}/backoffice/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        body: new URLSearchParams({ _csrf: token, email: "admin@qms.test", password }),
        ip,
      });
    const storm = await Promise.all(
      Array.from({ length: STORM }, (_, i) => attempt("wrong-password", `203.0.113.${i}`)),
    );
    const pages = await Promise.all(
      storm.filter((r) => r.status === 429).map((r) => r.clone().text()),
    );
    const counts = await tally(storm);
    const checked = counts.get(401) ?? 0;
    assert.ok(checked >= 1 && checked <= 5, `passwords checked: ${checked}`);
    assert.equal(counts.get(429), STORM - checked, JSON.stringify([...counts]));
    assert.match(pages[0]!, /Too many failed sign-ins for this account; try again in \d+ seconds/);
  } finally {
    await app.close();
  }
});
