import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { openBrowser, signInWithForm } from "./helpers/forms.ts";
import { type PageForm, pickForm } from "./helpers/page_forms.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const NOTIFICATIONS = 'POST /dashboard/settings/notifications "Save notifications"';

function ticked(form: PageForm, name: string): boolean {
  const c = form.controls.find((c) => c.name === name);
  if (!c) throw new Error(`no control ${name}`);
  return c.checked === true;
}

Deno.test("notification settings: the form shows the defaults and what is off, and saves", async (t) => {
  const app = await startTestApp({
    RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
    TWILIO_ACCOUNT_SID: "AC1",
    TWILIO_AUTH_TOKEN: "token",
  });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", {
      email: "owner@demo.test",
      password: "demo1234",
    });

    await t.step(
      "defaults: joined and called everywhere, reminders off; WhatsApp off says why",
      async () => {
        const page = await owner.visit("/dashboard/settings");
        const form = pickForm(page.forms, NOTIFICATIONS);
        assert.ok(ticked(form, "joined.phone") && ticked(form, "called.email"));
        assert.ok(!ticked(form, "reminder.phone") && !ticked(form, "reminder.webchat"));
        assert.match(
          page.html,
          /WhatsApp: off \(WhatsApp is not configured \(WHATSAPP_ACCESS_TOKEN\)\)/,
        );
        assert.match(page.html, /SMS: ready/);
        assert.match(page.html, /Phone channel in use: SMS/);
      },
    );

    await t.step("a bad SMS number is refused with its message", async () => {
      const page = await owner.visit("/dashboard/settings");
      const refused = await owner.submit(page, pickForm(page.forms, NOTIFICATIONS), {
        smsFrom: "12",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /The SMS number must look like \+15005550006/);
    });

    await t.step(
      "reminders on by SMS and chat; the API reads it back; another tenant unchanged",
      async () => {
        const page = await owner.visit("/dashboard/settings");
        const answer = await owner.submit(page, pickForm(page.forms, NOTIFICATIONS), {
          "reminder.phone": true,
          "reminder.webchat": true,
          "called.email": false,
          phoneChannel: "sms",
        });
        assert.equal(answer.status, 303);
        const after = await owner.follow(answer);
        const saved = pickForm(after.forms, NOTIFICATIONS);
        assert.ok(ticked(saved, "reminder.phone") && ticked(saved, "reminder.webchat"));
        assert.ok(!ticked(saved, "called.email"));
        const api = await owner.visit("/api/settings/notifications");
        const body = JSON.parse(api.html);
        assert.deepEqual(body.settings.topics.reminder, ["phone", "webchat"]);
        assert.equal(body.settings.phoneChannel, "sms");
        assert.equal(body.settings.smsFrom, "+15005550006");
        assert.equal(body.channels.phone, "sms");

        const cafe = openBrowser(app, CAFE);
        await signInWithForm(cafe, "/dashboard/login", {
          email: "owner@cafe.test",
          password: "cafe1234",
        });
        const cafeApi = JSON.parse((await cafe.visit("/api/settings/notifications")).html);
        assert.deepEqual(cafeApi.settings.topics.reminder, []);
        assert.equal(cafeApi.channels.phone, null, "cafe has no SMS number of its own");
      },
    );
  } finally {
    await app.close();
  }
});
