import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { openBrowser, signInWithForm } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";

const DEMO = "http://demo.localhost";
const OWNER = { email: "owner@demo.test", password: "demo1234" };
const INVITE = 'POST /dashboard/users "Send invitation"';

Deno.test("users page: the invitation form invites, and a refusal keeps what was typed", async (t) => {
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
      assert.equal(sent.status, 303, sent.html.match(/role="alert"[^>]*>([^<]*)/)?.[1]);
      assert.equal(sent.location, "/dashboard/users?saved=1");
      const after = await owner.follow(sent);
      assert.match(after.html, /role="status"[^>]*>Saved\./);
      assert.match(after.html, /Ivy Invitee[\s\S]*?invited[\s\S]*?ivy@demo\.test/);
      const mail = await sink.waitForMail("ivy@demo.test");
      assert.match(mail.text, /\/dashboard\/password\/reset\?token=/);
    });

    await t.step("a bad address comes back with its message and the typed values", async () => {
      const page = await owner.visit("/dashboard/users");
      const refused = await owner.submit(page, pickForm(page.forms, INVITE), {
        fullName: "No Mail",
        email: "not-an-address",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /Please check the highlighted fields/);
      assert.match(refused.html, /Enter a valid email address/);
      const again = pickForm(refused.forms, INVITE);
      const value = (name: string) => again.controls.find((c) => c.name === name)?.value;
      assert.equal(value("fullName"), "No Mail");
      assert.equal(value("email"), "not-an-address");
    });
  } finally {
    await app.close();
    await sink.close();
  }
});
