import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { type FormBrowser, openBrowser, type Page, signInWithForm } from "./helpers/forms.ts";
import { type PageForm, pickForm } from "./helpers/page_forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";

// Each form is named by its signature; tests/forms_coverage_test.ts checks that every form the
// product renders is named in some forms_*_test.ts file.
const DEMO = "http://demo.localhost";
const ADMIN_HOST = "http://admin.localhost";
const OWNER = { email: "owner@demo.test", password: "demo1234" };
const STAFF = { email: "staff@demo.test", password: "demo1234" };
const SIGN_IN = 'POST /dashboard/login "Sign in"';
const SIGN_OUT = 'POST /api/auth/logout "Sign out"';
const FORGOT = 'POST /api/auth/forgot-password "Send the link"';
const RESET = 'POST /api/auth/reset-password "Save the new password"';
const INVITE = 'POST /dashboard/users "Send invitation"';
const ROLE = 'POST /dashboard/users/:id "Change role"';
const DEACTIVATE = 'POST /dashboard/users/:id "Deactivate"';
const REACTIVATE = 'POST /dashboard/users/:id "Reactivate"';
const BACKOFFICE_SIGN_IN = 'POST /backoffice/login "Sign in"';
const BACKOFFICE_SIGN_OUT = 'POST /backoffice/logout "Sign out"';
const LINK = /(\/dashboard\/password\/reset\?token=[A-Za-z0-9_-]{43})/;

/** What a control of `form` shows: its value, or its selected option. */
function shown(form: PageForm, name: string): string | undefined {
  const c = form.controls.find((c) => c.name === name && c.type !== "hidden");
  return c?.tag === "select" ? c.options.find((o) => o.selected)?.value : c?.value;
}

function alertText(page: Page): string | undefined {
  return page.html.match(/role="alert"[^>]*>([^<]*)</)?.[1];
}

/** The form `signature` on the row of the user with `email` on the users page. */
function userForm(page: Page, email: string, signature: string): PageForm {
  const row = page.html.split("<li").find((li) => li.includes(`>${email}<`));
  const id = row?.match(/action="\/dashboard\/users\/([0-9a-f-]{36})"/)?.[1];
  if (!id) throw new Error(`no row for ${email} on ${page.url}`);
  return pickForm(page.forms, signature, id);
}

async function changeUser(browser: FormBrowser, email: string, signature: string, fill = {}) {
  const page = await browser.visit("/dashboard/users");
  return browser.submit(page, userForm(page, email, signature), fill);
}

Deno.test("staff sign-in, sign-out, forgot and reset password forms, as a browser sends them", async (t) => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url, RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const browser = openBrowser(app, DEMO);

    await t.step(
      "a wrong password comes back with the message, the email and the way on",
      async () => {
        const page = await browser.visit("/dashboard/settings");
        assert.equal(page.url, `${DEMO}/dashboard/login?next=%2Fdashboard%2Fsettings`);
        const form = pickForm(page.forms, SIGN_IN);
        assert.deepEqual(form.controls.map((c) => `${c.type} ${c.name}`), [
          "hidden _csrf",
          "hidden next",
          "email email",
          "password password",
          "submit ",
        ]);
        const refused = await browser.submit(page, form, {
          email: "owner@demo.test",
          password: "no",
        });
        assert.equal(refused.status, 401);
        assert.equal(alertText(refused), "Email or password is incorrect");
        const again = pickForm(refused.forms, SIGN_IN);
        assert.equal(shown(again, "email"), "owner@demo.test");
        assert.equal(shown(again, "password"), "", "a password is never sent back");
        assert.equal(again.controls.find((c) => c.name === "next")?.value, "/dashboard/settings");
      },
    );

    await t.step("the right password signs in and goes where the person was going", async () => {
      const page = await browser.visit("/dashboard/login?next=%2Fdashboard%2Fsettings");
      const answer = await browser.submit(page, pickForm(page.forms, SIGN_IN), OWNER);
      assert.equal(answer.status, 303);
      assert.equal(answer.location, "/dashboard/settings");
      const settings = await browser.follow(answer);
      assert.equal(settings.status, 200);
      assert.match(settings.html, /Business settings/);
      assert.match(settings.html, /Olivia Owner/);
    });

    await t.step("sign out ends the session: the dashboard asks to sign in again", async () => {
      const page = await browser.visit("/dashboard");
      const answer = await browser.submit(page, pickForm(page.forms, SIGN_OUT));
      assert.equal(answer.status, 303);
      assert.equal(answer.location, "/dashboard/login");
      assert.ok(!browser.cookies.has("qms_sid"), "the session cookie is cleared");
      const back = await browser.visit("/dashboard");
      assert.equal(back.url, `${DEMO}/dashboard/login?next=%2Fdashboard`);
      assert.ok(pickForm(back.forms, SIGN_IN));
    });

    let link = "";
    await t.step("forgot password: a bad address is kept with its message", async () => {
      const login = await browser.visit("/dashboard/login");
      const href = login.html.match(/href="([^"]+)"[^>]*>Forgot your password\?/)?.[1];
      assert.equal(href, "/dashboard/password/forgot");
      const page = await browser.visit(href);
      const refused = await browser.submit(page, pickForm(page.forms, FORGOT), {
        email: "staff@",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /Enter a valid email address/);
      assert.equal(shown(pickForm(refused.forms, FORGOT), "email"), "staff@");
    });

    await t.step("forgot password: the form says a link was sent, and it arrives", async () => {
      const page = await browser.visit("/dashboard/password/forgot");
      const answer = await browser.submit(page, pickForm(page.forms, FORGOT), {
        email: STAFF.email,
      });
      assert.equal(answer.status, 200);
      assert.match(answer.html, /If that address has an account, we sent a link/);
      const mail = await sink.waitForMail(STAFF.email);
      link = mail.text.match(LINK)?.[1] ?? assert.fail(`no link in ${mail.text}`);
    });

    await t.step("reset password: a short one is refused and the link still works", async () => {
      const page = await browser.visit(link);
      assert.equal(page.status, 200);
      const form = pickForm(page.forms, RESET);
      const token = form.controls.find((c) => c.name === "token")?.value;
      assert.equal(`/dashboard/password/reset?token=${token}`, link);
      const refused = await browser.submit(page, form, {
        password: "short",
        confirmPassword: "short",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /Use at least 8 characters/);
      const again = pickForm(refused.forms, RESET);
      assert.equal(again.controls.find((c) => c.name === "token")?.value, token);
      const answer = await browser.submit(refused, again, {
        password: "sam-new-secret",
        confirmPassword: "sam-new-secret",
      });
      assert.equal(answer.status, 303);
      const login = await browser.follow(answer);
      assert.equal(login.url, `${DEMO}/dashboard/login?reset=1`);
      assert.match(login.html, /Your password was changed; sign in with the new one\./);
    });

    await t.step("the new password signs in through the form; the old one does not", async () => {
      const page = await browser.visit("/dashboard/login");
      const old = await browser.submit(page, pickForm(page.forms, SIGN_IN), STAFF);
      assert.equal(old.status, 401);
      const home = await signInWithForm(browser, "/dashboard/login", {
        email: STAFF.email,
        password: "sam-new-secret",
      });
      assert.equal(home.url, `${DEMO}/dashboard`);
      assert.match(home.html, /Sam Staff/);
    });
  } finally {
    await app.close();
    await sink.close();
  }
});

Deno.test("users page: invite, change role, deactivate and reactivate from its forms", async (t) => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url, RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", OWNER);

    await t.step("an owner sends an invitation from the form", async () => {
      const page = await owner.visit("/dashboard/users");
      assert.equal(page.status, 200);
      const form = pickForm(page.forms, INVITE);
      assert.deepEqual(form.controls.map((c) => `${c.type} ${c.name}`), [
        "hidden _csrf",
        "text fullName",
        "email email",
        "select role",
        "submit ",
      ]);
      const sent = await owner.submit(page, form, {
        fullName: "Ivy Invitee",
        email: "Ivy@Demo.test",
        role: "ADMIN",
      });
      assert.equal(sent.status, 303, alertText(sent) ?? "");
      assert.equal(sent.location, "/dashboard/users?saved=1");
      const after = await owner.follow(sent);
      assert.match(after.html, /role="status"[^>]*>Saved\./);
      assert.match(after.html, /Ivy Invitee[\s\S]*?invited[\s\S]*?ivy@demo\.test/);
      assert.equal(shown(userForm(after, "ivy@demo.test", ROLE), "role"), "ADMIN");
      const mail = await sink.waitForMail("ivy@demo.test");
      assert.match(mail.text, LINK);
    });

    await t.step("a bad address comes back with its message and the typed values", async () => {
      const page = await owner.visit("/dashboard/users");
      const refused = await owner.submit(page, pickForm(page.forms, INVITE), {
        fullName: "No Mail",
        email: "not-an-address",
        role: "STAFF",
      });
      assert.equal(refused.status, 422);
      assert.equal(alertText(refused), "Please check the highlighted fields");
      assert.match(refused.html, /Enter a valid email address/);
      const again = pickForm(refused.forms, INVITE);
      assert.equal(shown(again, "fullName"), "No Mail");
      assert.equal(shown(again, "email"), "not-an-address");
    });

    await t.step("an address that already has an account is refused by name", async () => {
      const page = await owner.visit("/dashboard/users");
      const refused = await owner.submit(page, pickForm(page.forms, INVITE), {
        fullName: "Sam Again",
        email: STAFF.email,
      });
      assert.equal(refused.status, 409);
      assert.match(refused.html, /That address already has an account here/);
      assert.equal(shown(pickForm(refused.forms, INVITE), "fullName"), "Sam Again");
    });

    await t.step("a role change shows on the row", async () => {
      const answer = await changeUser(owner, STAFF.email, ROLE, { role: "ADMIN" });
      assert.equal(answer.status, 303, alertText(answer) ?? "");
      const page = await owner.follow(answer);
      assert.equal(shown(userForm(page, STAFF.email, ROLE), "role"), "ADMIN");
    });

    await t.step("your own row offers no role or deactivate form, and says why", async () => {
      const page = await owner.visit("/dashboard/users");
      const row = page.html.split("<li").find((li) => li.includes(`>${OWNER.email}<`))!;
      assert.doesNotMatch(row, /<form/);
      assert.match(row, /\(you\)[\s\S]*Another owner or admin changes your own role/);
    });

    await t.step(
      "a post to your own row (an old page) is refused; you stay signed in",
      async () => {
        const page = await owner.visit("/dashboard/users");
        const samForm = userForm(page, STAFF.email, ROLE);
        const me = JSON.parse(
          await (await app.request(`${DEMO}/api/users`, {
            headers: { cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
          })).text(),
        ).users.find((u: { email: string }) => u.email === OWNER.email);
        const stale = { ...samForm, action: `/dashboard/users/${me.id}` };
        const unchanged = await owner.submit(page, stale, { role: "OWNER" });
        assert.equal(unchanged.status, 403);
        assert.equal(
          alertText(unchanged),
          "You cannot change your own role or deactivate yourself; ask another owner or admin",
        );
        const stepDown = await owner.submit(page, stale, { role: "STAFF" });
        assert.equal(stepDown.status, 409, "the last owner cannot step down either");
        assert.match(alertText(stepDown) ?? "", /needs at least one active owner/);
        const still = await owner.visit("/dashboard/users");
        assert.equal(still.status, 200, "the session was kept");
        assert.match(still.html, /\(you\)/);
      },
    );

    await t.step("deactivate stops the person signing in; reactivate lets them back", async () => {
      const off = await changeUser(owner, STAFF.email, DEACTIVATE);
      assert.equal(off.status, 303, alertText(off) ?? "");
      const page = await owner.follow(off);
      assert.match(page.html, /Sam Staff<span[^>]*>deactivated</);
      assert.ok(userForm(page, STAFF.email, REACTIVATE));
      const sam = openBrowser(app, DEMO);
      const login = await sam.visit("/dashboard/login");
      assert.equal((await sam.submit(login, pickForm(login.forms, SIGN_IN), STAFF)).status, 401);

      const on = await changeUser(owner, STAFF.email, REACTIVATE);
      assert.equal(on.status, 303, alertText(on) ?? "");
      const after = await owner.follow(on);
      assert.doesNotMatch(after.html, /Sam Staff<span[^>]*>deactivated</);
      assert.ok(userForm(after, STAFF.email, DEACTIVATE));
      const home = await signInWithForm(sam, "/dashboard/login", STAFF);
      assert.match(home.html, /Sam Staff/);
    });
  } finally {
    await app.close();
    await sink.close();
  }
});

Deno.test("back office: its sign-in and sign-out forms", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const browser = openBrowser(app, ADMIN_HOST);

    await t.step("a wrong password keeps the email and says it failed", async () => {
      const page = await browser.visit("/backoffice");
      assert.equal(page.url, `${ADMIN_HOST}/backoffice/login`);
      const refused = await browser.submit(page, pickForm(page.forms, BACKOFFICE_SIGN_IN), {
        email: "admin@qms.test",
        password: "wrong-one",
      });
      assert.equal(refused.status, 401);
      assert.equal(alertText(refused), "Email or password is incorrect");
      assert.equal(shown(pickForm(refused.forms, BACKOFFICE_SIGN_IN), "email"), "admin@qms.test");
    });

    await t.step("the right one opens the tenant overview; sign out closes it", async () => {
      const page = await browser.visit("/backoffice/login");
      const answer = await browser.submit(page, pickForm(page.forms, BACKOFFICE_SIGN_IN), {
        email: "admin@qms.test",
        password: "admin1234",
      });
      assert.equal(answer.status, 303);
      const home = await browser.follow(answer);
      assert.equal(home.url, `${ADMIN_HOST}/backoffice`);
      assert.match(home.html, /Demo Bistro[\s\S]*Corner Cafe|Corner Cafe[\s\S]*Demo Bistro/);
      const out = await browser.submit(home, pickForm(home.forms, BACKOFFICE_SIGN_OUT));
      assert.equal(out.status, 303);
      assert.equal(out.location, "/backoffice/login");
      const after = await browser.visit("/backoffice");
      assert.equal(after.url, `${ADMIN_HOST}/backoffice/login`);
    });
  } finally {
    await app.close();
  }
});
