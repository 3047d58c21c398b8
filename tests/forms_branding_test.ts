import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { firstQueueId, openBrowser, signInWithForm } from "./helpers/forms.ts";
import { type PageForm, pickForm } from "./helpers/page_forms.ts";
import { brandCss } from "../lib/merchant/branding.ts";
import { adminBrowser, jsonHeaders } from "./helpers/backoffice_probe.ts";

const DEMO = "http://demo.localhost";
const CAFE = "http://cafe.localhost";
const SETTINGS = 'POST /dashboard/settings "Save settings"';

function control(form: PageForm, name: string) {
  return form.controls.find((c) => c.name === name);
}

Deno.test("settings pick a colour and a time zone from lists; the brand reaches customers' pages only on a plan with custom branding", async () => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    // demo is on ENTERPRISE (custom branding), cafe on FREE.
    const owners = [
      { origin: DEMO, email: "owner@demo.test", password: "demo1234" },
      { origin: CAFE, email: "owner@cafe.test", password: "cafe1234" },
    ];
    for (const { origin, email, password } of owners) {
      const owner = openBrowser(app, origin);
      await signInWithForm(owner, "/dashboard/login", { email, password });
      const page = await owner.visit("/dashboard/settings");
      const form = pickForm(page.forms, SETTINGS);
      assert.equal(control(form, "brandColor")?.type, "color");
      const zone = control(form, "timezone")!;
      assert.equal(zone.tag, "select");
      assert.ok(zone.options.some((o) => o.value === "Asia/Kuala_Lumpur"));
      assert.ok(zone.options.length > 300, "the IANA list");

      const refused = await owner.submit(page, form, {
        brandColor: "#0b6e4f",
        logoUrl: "http://insecure.example/logo.png",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /The logo address must start with https:\/\//);
      assert.equal(
        control(pickForm(refused.forms, SETTINGS), "logoUrl")?.value,
        "http://insecure.example/logo.png",
      );

      const saved = await owner.submit(page, form, {
        brandColor: "#0b6e4f",
        timezone: "Asia/Singapore",
        logoUrl: "https://cdn.example.com/logo.png",
      });
      assert.equal(saved.status, 303);
      const again = pickForm((await owner.follow(saved)).forms, SETTINGS);
      assert.equal(control(again, "brandColor")?.value, "#0b6e4f");
      assert.equal(
        control(again, "timezone")?.options.find((o) => o.selected)?.value,
        "Asia/Singapore",
      );
    }

    const queueId = await firstQueueId(app, DEMO);
    const customer = openBrowser(app, DEMO);
    for (const path of ["/", `/queue/${queueId}`]) {
      const page = await customer.visit(path);
      assert.match(page.html, /<link rel="stylesheet" href="\/brand\.css\?c=%230b6e4f"/, path);
      assert.match(
        page.html,
        /<img src="https:\/\/cdn\.example\.com\/logo\.png" alt="[^"]+ logo"/,
        path,
      );
      assert.match(
        page.headers.get("content-security-policy") ?? "",
        /img-src 'self' data: https:/,
      );
    }
    const css = await customer.visit("/brand.css");
    assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
    assert.match(css.html, /--brand:#0b6e4f/);

    // The FREE plan saved the same settings, but its customers see the standard look.
    const cafeHome = await openBrowser(app, CAFE).visit("/");
    assert.doesNotMatch(cafeHome.html, /brand\.css|cdn\.example\.com/);
    assert.equal((await openBrowser(app, CAFE).visit("/brand.css")).html, "");

    // The back office takes custom branding away: customers' pages drop the brand at once.
    const admin = await adminBrowser(app);
    const demo = await app.deps.tenants.lookup({ kind: "subdomain", slug: "demo" });
    const off = await app.request(`http://admin.localhost/backoffice/tenants/${demo!.id}`, {
      method: "PATCH",
      headers: jsonHeaders(admin),
      body: JSON.stringify({ customBranding: false }),
    });
    assert.equal(off.status, 200);
    const plain = await openBrowser(app, DEMO).visit("/");
    assert.doesNotMatch(plain.html, /brand\.css|cdn\.example\.com/);
    assert.equal((await openBrowser(app, DEMO).visit("/brand.css")).html, "");
  } finally {
    await app.close();
  }
});

Deno.test("brandCss() keeps text readable: a pale brand gets dark button text and leaves text colours alone", () => {
  const pale = brandCss("#fde68a");
  assert.match(pale, /--brand-ink:#0f172a/);
  assert.doesNotMatch(pale, /\.text-indigo-700/);
  const deep = brandCss("#1e3a8a");
  assert.match(deep, /--brand-ink:#ffffff/);
  assert.match(deep, /\.text-indigo-700,\.text-indigo-800\{color:var\(--brand\)\}/);
});
