import assert from "node:assert/strict";
import { openBrowser, signInWithForm, staffCookie } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { entriesOfPhone } from "./helpers/conversation_probe_repo.ts";
import { metaSignature, postWhatsApp, whatsAppBody } from "./helpers/messaging_webhooks.ts";
import { drainOutbox } from "./helpers/outbox.ts";
import { startWhatsAppStub, whatsAppText } from "./helpers/provider_stubs.ts";
import { startTestApp } from "./helpers/test_app.ts";

const CAFE = "http://cafe.localhost";
const NOTIFICATIONS = 'POST /dashboard/settings/notifications "Save notifications"';
const SECRET = "meta-secret";

Deno.test("messaging settings: webhook URLs shown, numbers unique across tenants, messages reach their tenant", async (t) => {
  const whatsapp = startWhatsAppStub();
  const app = await startTestApp({
    RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
    WHATSAPP_ACCESS_TOKEN: "wa-token",
    WHATSAPP_API_URL: whatsapp.url,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: "paste-me-into-meta",
    TWILIO_ACCOUNT_SID: "AC1",
    TWILIO_AUTH_TOKEN: "token",
    PUBLIC_BASE_URL: "https://qms.example:8443",
    // Provider callbacks have their own per-address limit, low here to meet it.
    RATE_LIMIT_WEBHOOK_PER_MINUTE: "20",
  }, { startDispatcher: false });
  try {
    const cafe = openBrowser(app, CAFE);
    await signInWithForm(cafe, "/dashboard/login", {
      email: "owner@cafe.test",
      password: "cafe1234",
    });

    await t.step("the settings page shows the webhook URLs and the verify token", async () => {
      const page = await cafe.visit("/dashboard/settings");
      assert.equal(page.status, 200);
      assert.match(
        page.html,
        /data-testid="whatsapp-webhook-url"[^>]*>https:\/\/localhost:8443\/webhooks\/whatsapp</,
      );
      assert.match(page.html, /data-testid="whatsapp-verify-token"[^>]*>paste-me-into-meta</);
      assert.match(
        page.html,
        /data-testid="sms-webhook-url"[^>]*>https:\/\/localhost:8443\/webhooks\/twilio\/sms</,
      );
      const staff = await staffCookie(app, "http://demo.localhost", "staff@demo.test", "demo1234");
      const refused = await app.request("http://demo.localhost/dashboard/settings", {
        headers: { cookie: staff },
      });
      assert.equal(refused.status, 403, "STAFF do not see the settings (nor the token)");
    });

    await t.step(
      "another tenant's WhatsApp number id is refused on the form, what was typed kept",
      async () => {
        const page = await cafe.visit("/dashboard/settings");
        const answer = await cafe.submit(page, pickForm(page.forms, NOTIFICATIONS), {
          whatsappPhoneNumberId: "100000000000001",
          whatsappTemplate: "cafe_updates",
        });
        assert.equal(answer.status, 422);
        assert.match(answer.html, /Another business already uses this WhatsApp phone number id/);
        const form = pickForm(answer.forms, NOTIFICATIONS);
        const value = (name: string) => form.controls.find((c) => c.name === name)?.value;
        assert.equal(value("whatsappPhoneNumberId"), "100000000000001");
        assert.equal(value("whatsappTemplate"), "cafe_updates");
      },
    );

    await t.step(
      "the JSON API refuses another tenant's SMS number and saves the cafe's own",
      async () => {
        const owner = await staffCookie(app, CAFE, "owner@cafe.test", "cafe1234");
        const put = (body: unknown) =>
          app.request(`${CAFE}/api/settings/notifications`, {
            method: "PUT",
            headers: { cookie: owner, "content-type": "application/json" },
            body: JSON.stringify(body),
          });
        const taken = await put({ smsFrom: "+15005550006" });
        assert.equal(taken.status, 422);
        const refusal = await taken.json();
        assert.equal(refusal.fields.smsFrom, "Another business already uses this SMS number");
        const saved = await put({
          smsFrom: "+15005550007",
          whatsappPhoneNumberId: "100000000000002",
        });
        assert.equal(saved.status, 200, await saved.clone().text());
        const body = await saved.json();
        assert.equal(body.settings.whatsappPhoneNumberId, "100000000000002");
        assert.equal(body.webhooks.whatsappUrl, "https://localhost:8443/webhooks/whatsapp");
        assert.equal(body.webhooks.whatsappVerifyToken, "paste-me-into-meta");
        // Saving its own numbers again is no conflict with itself.
        assert.equal((await put({ smsFrom: "+15005550007" })).status, 200);
      },
    );

    await t.step(
      "a message to the cafe's number id joins the cafe's queue, not the demo's",
      async () => {
        const res = await postWhatsApp(
          app,
          whatsAppBody({ phoneNumberId: "100000000000002", from: "+60171234567", text: "JOIN" }),
          SECRET,
        );
        assert.equal(res.status, 200);
        await drainOutbox(app);
        const cafeTenant = await app.deps.tenants.lookup({ kind: "subdomain", slug: "cafe" });
        const [entry] = await entriesOfPhone(app.deps.db, "+60171234567");
        assert.equal(entry!.tenantId, cafeTenant!.id);
        const reply = whatsapp.received.at(-1)!;
        assert.equal(reply.phoneNumberId, "100000000000002");
        assert.match(whatsAppText(reply), /^Corner Cafe: you're in /);
      },
    );

    await t.step(
      "webhooks skip the CSRF origin check only: rate limits and headers still apply",
      async () => {
        const raw = whatsAppBody({
          phoneNumberId: "100000000000002",
          from: "+60171234568",
          text: "HELP",
        });
        const post = async (signature: string) =>
          await app.request("http://localhost/webhooks/whatsapp", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              origin: "https://graph.facebook.com",
              "sec-fetch-site": "cross-site",
              "x-hub-signature-256": signature,
            },
            body: raw,
            ip: "173.252.88.9",
          });
        const crossSite = await post(await metaSignature(SECRET, raw));
        assert.equal(
          crossSite.status,
          200,
          "a foreign origin and no CSRF token: the signature decides",
        );
        assert.equal(crossSite.headers.get("x-content-type-options"), "nosniff");
        assert.ok(crossSite.headers.get("ratelimit-limit"));
        const statuses: number[] = [];
        for (let i = 0; i < 25; i++) {
          const res = await post("sha256=" + "0".repeat(64));
          statuses.push(res.status);
          if (res.status === 429) assert.ok(Number(res.headers.get("retry-after")) > 0);
          await res.body?.cancel();
        }
        assert.ok(statuses.includes(401) && statuses.at(-1) === 429, statuses.join(","));
      },
    );
  } finally {
    await app.close();
    await whatsapp.close();
  }
});
