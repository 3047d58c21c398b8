import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { openBrowser, signInWithForm } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";

const DEMO = "http://demo.localhost";
const INVITE = 'POST /dashboard/users "Send invitation"';
const JOIN = 'POST /api/auth/reset-password "Set my password and join"';

Deno.test("an invitation's page welcomes by the business's name and asks for the password twice", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({ SMTP_URL: sink.url, RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", {
      email: "owner@demo.test",
      password: "demo1234",
    });
    const users = await owner.visit("/dashboard/users");
    const sent = await owner.submit(users, pickForm(users.forms, INVITE), {
      fullName: "Nia Newcomer",
      email: "nia@demo.test",
      role: "STAFF",
    });
    assert.equal(sent.status, 303);
    const mail = await sink.waitForMail("nia@demo.test");
    const link =
      mail.text.match(/(\/dashboard\/password\/reset\?token=[A-Za-z0-9_-]{43}&welcome=1)/)
        ?.[1] ?? assert.fail(`no invitation link in ${mail.text}`);

    const newcomer = openBrowser(app, DEMO);
    const page = await newcomer.visit(link);
    assert.equal(page.status, 200);
    const tenantName = users.html.match(
      /<a href="\/dashboard" class="font-semibold">([^<]+)</,
    )![1]!;
    assert.match(page.html, new RegExp(`<h1[^>]*>Welcome to ${tenantName}</h1>`));
    const form = pickForm(page.forms, JOIN);
    assert.deepEqual(form.controls.map((c) => `${c.type} ${c.name}`), [
      "hidden _csrf",
      "hidden token",
      "hidden welcome",
      "password password",
      "password confirmPassword",
      "submit ",
    ]);

    // Two different passwords: the message, both fields kept, still welcoming, link still good.
    const refused = await newcomer.submit(page, form, {
      password: "nia-secret-1",
      confirmPassword: "nia-secret-2",
    });
    assert.equal(refused.status, 422);
    assert.match(refused.html, /The two passwords do not match/);
    assert.match(refused.html, /Welcome to /);
    const again = pickForm(refused.forms, JOIN);
    assert.equal(again.controls.find((c) => c.name === "password")?.value, "nia-secret-1");
    assert.equal(again.controls.find((c) => c.name === "confirmPassword")?.value, "nia-secret-2");

    const done = await newcomer.submit(refused, again, {
      password: "nia-secret-1",
      confirmPassword: "nia-secret-1",
    });
    assert.equal(done.status, 303);
    assert.equal(done.location, "/dashboard/login?reset=1");
    const signedIn = await signInWithForm(newcomer, "/dashboard/login", {
      email: "nia@demo.test",
      password: "nia-secret-1",
    });
    assert.equal(new URL(signedIn.url).pathname, "/dashboard");
  } finally {
    await app.close();
    await sink.close();
  }
});
