/**
 * Three languages on the customer pages and in the messages customers get, tested as the pages
 * submit their forms: the browser's Accept-Language, the switcher (form-encoded, with the CSRF
 * token), the tenant's default from the settings form, and each notification channel in the
 * language the customer joined in.
 */
import assert from "node:assert/strict";
import { type FormBrowser, openBrowser, signInWithForm, staffCookie } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { startTwilioStub } from "./helpers/provider_stubs.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { jsonPost } from "./helpers/forms.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const SWITCH = 'POST /language "English"';
const SETTINGS = 'POST /dashboard/settings "Save settings"';
const LIMITS = { RATE_LIMIT_JOIN_PER_MINUTE: "1000", RATE_LIMIT_LOGIN_PER_15_MIN: "1000" };

function langOf(html: string): string | undefined {
  return html.match(/<html lang="([^"]+)"/)?.[1];
}

/** The join form of the first queue, whatever language its button speaks. */
function joinForm(page: Awaited<ReturnType<FormBrowser["visit"]>>) {
  const form = page.forms.find((f) =>
    f.action === "/" && f.controls.some((c) => c.name === "queueId")
  );
  assert.ok(form, "the home page has a join form");
  return form;
}

async function joinAs(browser: FormBrowser, name: string, phone: string, email?: string) {
  const home = await browser.visit("/");
  const answer = await browser.submit(home, joinForm(home), {
    customerName: name,
    customerPhone: phone,
    partySize: "2",
    ...(email ? { customerEmail: email } : {}),
  });
  assert.equal(answer.status, 303, answer.html.slice(0, 500));
  return answer.location!.split("/").at(-1)!;
}

async function systemMessages(app: TestApp, sessionId: string): Promise<string[]> {
  const res = await app.request(`${DEMO}/api/queue/webchat/${sessionId}`);
  assert.equal(res.status, 200);
  const { chat } = await res.json();
  return (chat.messages as Array<{ sender: string; content: string }>)
    .filter((m) => m.sender === "SYSTEM").map((m) => m.content);
}

Deno.test("customer pages speak the browser's language, the switcher's choice, or the tenant's", async (t) => {
  const app = await startTestApp(LIMITS);
  try {
    await t.step("Accept-Language picks Malay or Chinese; anything else is English", async () => {
      const ms = await openBrowser(app, DEMO, { acceptLanguage: "ms-MY,ms;q=0.9" }).visit("/");
      assert.equal(langOf(ms.html), "ms");
      assert.equal(joinForm(ms).button, "Sertai giliran");
      assert.match(ms.html, /Nama anda/);
      const zh = await openBrowser(app, DEMO, { acceptLanguage: "zh-CN,zh;q=0.9" }).visit("/");
      assert.equal(langOf(zh.html), "zh-Hans");
      assert.equal(joinForm(zh).button, "加入队列");
      const fr = await openBrowser(app, DEMO, { acceptLanguage: "fr-FR" }).visit("/");
      assert.equal(langOf(fr.html), "en");
      assert.equal(joinForm(fr).button, "Join the queue");
    });

    await t.step("the switcher's choice wins over the browser's and is remembered", async () => {
      const ana = openBrowser(app, DEMO, { acceptLanguage: "ms" });
      const recover = await ana.visit("/queue/recover");
      assert.equal(langOf(recover.html), "ms");
      const answer = await ana.submit(recover, pickForm(recover.forms, SWITCH), { locale: "zh" });
      assert.equal(answer.status, 303);
      assert.equal(answer.location, "/queue/recover", "back to the page it was used on");
      const after = await ana.follow(answer);
      assert.equal(langOf(after.html), "zh-Hans");
      assert.match(after.html, /找回我的位置/);
      const home = await ana.visit("/");
      assert.equal(langOf(home.html), "zh-Hans", "the choice holds on every page");
    });

    await t.step("a made-up language or a foreign 'back' address is refused", async () => {
      const ben = openBrowser(app, DEMO);
      const home = await ben.visit("/");
      const form = pickForm(home.forms, SWITCH);
      // A tampered page: the same form with another button value, then another "back".
      const tampered = (name: string, from: string, to: string) => ({
        ...form,
        controls: form.controls.map((c) =>
          c.name === name && c.value === from ? { ...c, value: to } : c
        ),
      });
      const bad = await ben.submit(home, tampered("locale", "en", "xx"));
      assert.equal(bad.status, 422);
      const away = await ben.submit(home, tampered("back", "/", "//evil.example/"), {
        locale: "ms",
      });
      assert.equal(away.status, 303);
      assert.equal(away.location, "/", "never off this host");
    });

    await t.step(
      "the tenant's default (settings form) serves browsers we do not speak",
      async () => {
        const owner = openBrowser(app, DEMO);
        await signInWithForm(owner, "/dashboard/login", {
          email: "owner@demo.test",
          password: "demo1234",
        });
        const settings = await owner.visit("/dashboard/settings");
        const saved = await owner.submit(settings, pickForm(settings.forms, SETTINGS), {
          defaultLocale: "ms",
        });
        assert.equal(saved.status, 303, saved.html.slice(0, 300));
        const fr = await openBrowser(app, DEMO, { acceptLanguage: "fr-FR" }).visit("/");
        assert.equal(langOf(fr.html), "ms");
        const en = await openBrowser(app, DEMO, { acceptLanguage: "en-GB" }).visit("/");
        assert.equal(langOf(en.html), "en", "a browser that asks for English gets English");
        const cafe = await openBrowser(app, CAFE, { acceptLanguage: "fr-FR" }).visit("/");
        assert.equal(langOf(cafe.html), "en", "another tenant keeps its own default");
        const form = pickForm(settings.forms, SETTINGS);
        // A tampered page offering a language we do not speak.
        const tampered = {
          ...form,
          controls: form.controls.map((c) =>
            c.name !== "defaultLocale" ? c : {
              ...c,
              options: c.options.map((o) => o.value === "ms" ? { ...o, value: "fr" } : o),
            }
          ),
        };
        const refused = await owner.submit(settings, tampered, { defaultLocale: "fr" });
        assert.equal(refused.status, 422);
        assert.match(refused.html, /Choose English, Bahasa Melayu or/);
      },
    );
  } finally {
    await app.close();
  }
});

Deno.test("a customer hears every message in the language they joined in", async (t) => {
  const twilio = startTwilioStub();
  const sink = await startSmtpSink();
  const app = await startTestApp({
    ...LIMITS,
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000001",
    TWILIO_AUTH_TOKEN: "test-token",
    TWILIO_API_URL: twilio.url,
    SMTP_URL: sink.url,
  }, { startDispatcher: false });
  try {
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const siti = openBrowser(app, DEMO, { acceptLanguage: "ms-MY" });
    const wei = openBrowser(app, DEMO, { acceptLanguage: "zh-CN" });
    let sitiSession = "";

    await t.step("joined: SMS, email and web chat in Malay; in Chinese for the other", async () => {
      sitiSession = await joinAs(siti, "Siti", "+60123450011", "siti@example.test");
      await drainOutbox(app);
      const [sms] = await twilio.waitFor(1);
      assert.match(sms!.body, /^Demo Bistro: anda dalam giliran, tiket A001\./);
      assert.ok(sms!.body.length <= 160, `${sms!.body.length} characters`);
      const mail = await sink.waitForMail("siti@example.test");
      assert.match(mail.subject, /Anda dalam giliran: A001/);
      assert.deepEqual(await systemMessages(app, sitiSession), [sms!.body]);

      await joinAs(wei, "Wei", "+60123450012");
      await drainOutbox(app);
      const [, zh] = await twilio.waitFor(2);
      assert.match(zh!.body, /^Demo Bistro：您已排队，号码 A002。/);
    });

    await t.step("called: the staff's call reaches her in Malay", async () => {
      const entry = await (await app.request(`${DEMO}/api/queues/entry/${sitiSession}`)).json();
      const call = await jsonPost(
        app,
        `${DEMO}/api/queues/${entry.entry.queueId}/call/${entry.entry.id}`,
        {},
        { headers: { cookie: staff } },
      );
      assert.equal(call.status, 200);
      await drainOutbox(app);
      const all = await twilio.waitFor(3);
      assert.match(all[2]!.body, /giliran anda! Tiket A001, sila datang ke kaunter sekarang\./);
    });

    await t.step("switching language on the ticket's page switches the messages too", async () => {
      const status = await siti.visit(`/queue/status/${sitiSession}`);
      const answer = await siti.submit(status, pickForm(status.forms, SWITCH), { locale: "en" });
      assert.equal(answer.location, `/queue/status/${sitiSession}`);
      const entry = (await (await app.request(`${DEMO}/api/queues/entry/${sitiSession}`)).json())
        .entry;
      const requeue = await jsonPost(
        app,
        `${DEMO}/api/queues/${entry.queueId}/requeue/${entry.id}`,
        {},
        { headers: { cookie: staff } },
      );
      assert.equal(requeue.status, 200, await requeue.clone().text());
      await drainOutbox(app);
      // "Back in the queue" goes to the web chat (the tenant's default channels for it).
      const updates = await systemMessages(app, sitiSession);
      assert.match(updates.at(-1)!, /^Demo Bistro: ticket A001 is back in the queue\./);
      assert.match(updates[0]!, /^Demo Bistro: anda dalam giliran/, "what was sent stays as sent");
    });
  } finally {
    await app.close();
    await twilio.close();
    await sink.close();
  }
});
