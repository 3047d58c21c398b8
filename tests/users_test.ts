import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { jsonPost, staffCookie } from "./helpers/forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { auditFor } from "./helpers/audit_probe.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const LINK = /http:\/\/demo\.localhost\/dashboard\/password\/reset\?token=([A-Za-z0-9_-]{43})/;

function put(app: TestApp, url: string, cookie: string, body: unknown) {
  return app.request(url, {
    method: "PUT",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

Deno.test("users: invite by mail, roles below OWNER, the last owner stays, sessions end", async (t) => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url, RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = await staffCookie(app, DEMO, "owner@demo.test", "demo1234");
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const invite = (cookie: string, body: unknown, base = DEMO) =>
      jsonPost(app, `${base}/api/users`, body, { headers: { cookie } });
    let adminId = "";
    let adminCookie = "";

    await t.step("staff cannot see or invite users", async () => {
      assert.equal(
        (await app.request(`${DEMO}/api/users`, { headers: { cookie: staff } })).status,
        403,
      );
      const res = await invite(staff, { email: "x@demo.test", fullName: "X" });
      assert.equal(res.status, 403);
      await res.body?.cancel();
    });

    await t.step("an owner invites an admin; the mailed link sets a password", async () => {
      const res = await invite(owner, {
        email: "Ada@Demo.test",
        fullName: "Ada Admin",
        role: "ADMIN",
      });
      assert.equal(res.status, 201);
      const { user } = await res.json();
      adminId = user.id;
      assert.equal(user.email, "ada@demo.test");
      assert.equal(user.invited, true);
      const mail = await sink.waitForMail("ada@demo.test");
      const token = mail.text.match(LINK)![1]!;
      const page = await app.request(`${DEMO}/dashboard/password/reset?token=${token}`);
      assert.equal(page.status, 200);
      await page.body?.cancel();
      const set = await jsonPost(app, `${DEMO}/api/auth/reset-password`, {
        token,
        password: "ada-secret-1",
      });
      assert.equal(set.status, 200);
      adminCookie = await staffCookie(app, DEMO, "ada@demo.test", "ada-secret-1");
      const again = await invite(owner, { email: "ada@demo.test", fullName: "Ada" });
      assert.equal(again.status, 409);
      assert.equal((await again.json()).fields.email, "That address already has an account here");
    });

    await t.step("an admin manages staff but not owners, and cannot make owners", async () => {
      const users =
        (await (await app.request(`${DEMO}/api/users`, { headers: { cookie: adminCookie } }))
          .json()).users;
      const ownerId = users.find((u: { email: string }) => u.email === "owner@demo.test").id;
      const staffId = users.find((u: { email: string }) => u.email === "staff@demo.test").id;
      const promote = await put(app, `${DEMO}/api/users/${staffId}`, adminCookie, {
        role: "OWNER",
      });
      assert.equal(promote.status, 403);
      await promote.body?.cancel();
      const demote = await put(app, `${DEMO}/api/users/${ownerId}`, adminCookie, { role: "STAFF" });
      assert.equal(demote.status, 403);
      assert.deepEqual(await demote.json(), {
        error: "Only an owner can manage owners",
        code: "owner_required",
      });
      const ok = await put(app, `${DEMO}/api/users/${staffId}`, adminCookie, { role: "ADMIN" });
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).user.role, "ADMIN");
      const stale = await app.request(`${DEMO}/dashboard`, { headers: { cookie: staff } });
      assert.equal(stale.status, 303, "a role change ends the user's sessions");
      await stale.body?.cancel();
    });

    await t.step(
      "nobody changes their own row; a change that changes nothing signs nobody out",
      async () => {
        const users =
          (await (await app.request(`${DEMO}/api/users`, { headers: { cookie: adminCookie } }))
            .json()).users;
        for (const body of [{ role: "ADMIN" }, { role: "STAFF" }, { isActive: false }]) {
          const own = await put(app, `${DEMO}/api/users/${adminId}`, adminCookie, body);
          assert.equal(own.status, 403);
          assert.deepEqual(await own.json(), {
            error:
              "You cannot change your own role or deactivate yourself; ask another owner or admin",
            code: "own_account",
          });
        }
        const still = await app.request(`${DEMO}/api/users`, { headers: { cookie: adminCookie } });
        assert.equal(still.status, 200, "the refused person is still signed in");
        await still.body?.cancel();
        const staffId = users.find((u: { email: string }) => u.email === "staff@demo.test").id;
        const samCookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
        const same = await put(app, `${DEMO}/api/users/${staffId}`, owner, { role: "ADMIN" });
        assert.equal(same.status, 200);
        await same.body?.cancel();
        const kept = await app.request(`${DEMO}/dashboard`, { headers: { cookie: samCookie } });
        assert.equal(kept.status, 200, "Sam's role did not change, so Sam stays signed in");
        await kept.body?.cancel();
      },
    );

    await t.step("the last active owner can be neither demoted nor deactivated", async () => {
      const users =
        (await (await app.request(`${DEMO}/api/users`, { headers: { cookie: owner } })).json())
          .users;
      const ownerId = users.find((u: { email: string }) => u.email === "owner@demo.test").id;
      for (const body of [{ role: "ADMIN" }, { isActive: false }]) {
        const res = await put(app, `${DEMO}/api/users/${ownerId}`, owner, body);
        assert.equal(res.status, 409);
        assert.match((await res.json()).error, /needs at least one active owner/);
      }
    });

    await t.step("deactivating a user ends their sessions and stops their sign-in", async () => {
      const res = await put(app, `${DEMO}/api/users/${adminId}`, owner, { isActive: false });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).user.isActive, false);
      const old = await app.request(`${DEMO}/api/users`, { headers: { cookie: adminCookie } });
      assert.equal(old.status, 401);
      await old.body?.cancel();
      const login = await jsonPost(app, `${DEMO}/api/auth/login`, {
        email: "ada@demo.test",
        password: "ada-secret-1",
      });
      assert.equal(login.status, 401);
      await login.body?.cancel();
      const logs = await auditFor(app, "demo", adminId);
      assert.deepEqual(logs.map((l) => l.action).reverse().filter((a) => a.startsWith("user.")), [
        "user.invite",
        "user.deactivate",
      ]);
    });

    await t.step("a user of another tenant is a 404; the plan's user limit holds", async () => {
      const cafeOwner = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
      const cross = await put(app, `${CAFE}/api/users/${adminId}`, cafeOwner, { isActive: true });
      assert.equal(cross.status, 404);
      await cross.body?.cancel();
      const statuses = [];
      for (let i = 1; i <= 5; i++) {
        const res = await invite(cafeOwner, { email: `c${i}@cafe.test`, fullName: `C ${i}` }, CAFE);
        statuses.push(res.status);
        if (res.status !== 201) {
          assert.match((await res.json()).error, /Your plan allows 5 users \(maxUsersPerTenant\)/);
        } else await res.body?.cancel();
      }
      assert.deepEqual(statuses, [201, 201, 201, 201, 403]);
    });
  } finally {
    await app.close();
    await sink.close();
  }
});

Deno.test("reactivating a user respects the plan's user limit", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url, RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const cafeOwner = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const res = await jsonPost(app, `${CAFE}/api/users`, {
        email: `r${i}@cafe.test`,
        fullName: `R ${i}`,
      }, {
        headers: { cookie: cafeOwner },
      });
      ids.push((await res.json()).user.id);
    }
    assert.equal(
      (await put(app, `${CAFE}/api/users/${ids[0]}`, cafeOwner, { isActive: false })).status,
      200,
    );
    const fifth = await jsonPost(app, `${CAFE}/api/users`, {
      email: "r5@cafe.test",
      fullName: "R 5",
    }, {
      headers: { cookie: cafeOwner },
    });
    assert.equal(fifth.status, 201);
    await fifth.body?.cancel();
    const back = await put(app, `${CAFE}/api/users/${ids[0]}`, cafeOwner, { isActive: true });
    assert.equal(back.status, 403);
    assert.match((await back.json()).error, /Your plan allows 5 users \(maxUsersPerTenant\)/);
  } finally {
    await app.close();
    await sink.close();
  }
});
