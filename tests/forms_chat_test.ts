import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { openBrowser, signInWithForm, staffCookie } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";

// Each form is named by its signature; tests/forms_coverage_test.ts checks that every form the
// product renders is named in some forms_*_test.ts file.
const DEMO = "http://demo.localhost";
const OWNER = { email: "owner@demo.test", password: "demo1234" };
const CHAT_TEMPLATES = 'POST /api/settings/chat-templates "Save quick messages"';

Deno.test("quick chat messages: the settings form saves them, one per line", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", OWNER);

    await t.step("a tenant starts with the default messages", async () => {
      const page = await owner.visit("/dashboard/settings");
      const form = pickForm(page.forms, CHAT_TEMPLATES);
      const box = form.controls.find((c) => c.name === "templates")!;
      assert.deepEqual(box.value.split("\n"), [
        "Your table is ready",
        "5 more minutes",
        "Please come to the counter",
      ]);
    });

    await t.step("the form replaces them; the page and the API show the new list", async () => {
      const page = await owner.visit("/dashboard/settings");
      const answer = await owner.submit(page, pickForm(page.forms, CHAT_TEMPLATES), {
        templates: "Your table is ready\n\n  Two more minutes, sorry  \nPlease wave at the door",
      });
      assert.equal(answer.status, 303);
      assert.equal(answer.location, "/dashboard/settings?saved=chat-templates#chat-templates");
      const after = await owner.follow(answer);
      assert.match(after.html, /role="status"[^>]*>Quick messages saved\./);
      const box = pickForm(after.forms, CHAT_TEMPLATES).controls
        .find((c) => c.name === "templates")!;
      assert.deepEqual(box.value.split("\n"), [
        "Your table is ready",
        "Two more minutes, sorry",
        "Please wave at the door",
      ]);
      const cookie = await staffCookie(app, DEMO, OWNER.email, OWNER.password);
      const api = await app.request(`${DEMO}/api/settings/chat-templates`, { headers: { cookie } });
      assert.deepEqual(await api.json(), {
        templates: ["Your table is ready", "Two more minutes, sorry", "Please wave at the door"],
      });
    });

    await t.step("an over-long message is refused and nothing changes", async () => {
      const page = await owner.visit("/dashboard/settings");
      const refused = await owner.submit(page, pickForm(page.forms, CHAT_TEMPLATES), {
        templates: "ok\n" + "x".repeat(201),
      });
      assert.equal(refused.status, 422);
      const cookie = await staffCookie(app, DEMO, OWNER.email, OWNER.password);
      const api = await (await app.request(`${DEMO}/api/settings/chat-templates`, {
        headers: { cookie },
      })).json();
      assert.equal(api.templates.length, 3);
    });
  } finally {
    await app.close();
  }
});

Deno.test("quick chat messages: PUT /api/settings/chat-templates, for managers only", async () => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = await staffCookie(app, DEMO, OWNER.email, OWNER.password);
    const staff = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
    const put = (cookie: string, body: unknown) =>
      app.request(`${DEMO}/api/settings/chat-templates`, {
        method: "PUT",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const saved = await put(owner, { templates: ["Back in 5", "Table 4 is yours"] });
    assert.equal(saved.status, 200);
    assert.deepEqual(await saved.json(), { templates: ["Back in 5", "Table 4 is yours"] });
    const bad = await put(owner, { templates: [""] });
    assert.equal(bad.status, 422);
    assert.match((await bad.json()).fields["templates.0"] ?? "", /cannot be empty/);
    const denied = await put(staff, { templates: ["mine"] });
    assert.equal(denied.status, 403);
    await denied.body?.cancel();
    // Tenant B keeps its own (default) list.
    const cafe = await staffCookie(app, "http://cafe.localhost", "owner@cafe.test", "cafe1234");
    const theirs = await (await app.request("http://cafe.localhost/api/settings/chat-templates", {
      headers: { cookie: cafe },
    })).json();
    assert.equal(theirs.templates[0], "Your table is ready");
    const empty = await put(owner, { templates: [] });
    assert.deepEqual(await empty.json(), { templates: [] });
  } finally {
    await app.close();
  }
});
