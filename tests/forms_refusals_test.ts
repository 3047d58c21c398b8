import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { jsonPost, openBrowser, type Page, signInWithForm } from "./helpers/forms.ts";
import { type PageForm, pickForm } from "./helpers/page_forms.ts";

// What a page shows again after it refused a form: what was typed into that form, and nothing
// typed (or untyped) into the page's other forms.
const DEMO = "http://demo.localhost";
const OWNER = { email: "owner@demo.test", password: "demo1234" };
const EDIT_QUEUE = 'POST /dashboard/queues/:id/settings "Save changes"';
const DELETE_QUEUE = 'POST /dashboard/queues/:id/delete "Delete this queue"';
const INVITE = 'POST /dashboard/users "Send invitation"';
const ROLE = 'POST /dashboard/users/:id "Change role"';
const JOIN = 'POST / "Join the queue"';
const RECOVER = 'POST /queue/recover "Find my place"';

/** Every control of a form as it shows: texts by value, boxes ticked or not, selects' choice. */
function shownAll(form: PageForm): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const c of form.controls) {
    if (c.type === "hidden" || c.type === "submit" || !c.name) continue;
    out[c.name] = c.type === "checkbox"
      ? (c.checked ? "on" : "off")
      : c.tag === "select"
      ? c.options.find((o) => o.selected)?.value
      : c.value;
  }
  return out;
}

function queueIdOn(page: Page, name: string): string {
  const block = page.html.split("<details").find((d) => d.includes(`>${name}<span`));
  const id = block?.match(/action="\/dashboard\/queues\/([0-9a-f-]{36})\/settings"/)?.[1];
  if (!id) throw new Error(`no queue ${name} on ${page.url}`);
  return id;
}

Deno.test("a refused delete stays on its confirm page; the queue's settings are untouched", async () => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", OWNER);
    const page = await owner.visit("/dashboard/queues");
    const dineIn = queueIdOn(page, "Dine-in");
    const saved = shownAll(pickForm(page.forms, EDIT_QUEUE, dineIn));
    assert.equal(saved.acceptingCustomers, "on", "the seeded queue takes customers");
    const joined = await jsonPost(app, `${DEMO}/api/queues/${dineIn}/join`, {
      customerName: "Gus",
      customerPhone: "0123456784",
      partySize: 2,
    });
    assert.equal(joined.status, 201);
    await joined.body?.cancel();

    const confirm = await owner.visit(`/dashboard/queues/${dineIn}/delete`);
    const refused = await owner.submit(confirm, pickForm(confirm.forms, DELETE_QUEUE, dineIn), {
      confirmName: "Dine-in",
    });
    assert.equal(refused.status, 409);
    assert.match(refused.html, /1 party is still in Dine-in/);
    assert.deepEqual(shownAll(pickForm(refused.forms, DELETE_QUEUE, dineIn)), {
      confirmName: "Dine-in",
    });
    // The queue still takes customers, its settings as they were.
    const after = await owner.visit("/dashboard/queues");
    assert.deepEqual(shownAll(pickForm(after.forms, EDIT_QUEUE, dineIn)), saved);
  } finally {
    await app.close();
  }
});

Deno.test("users page: a refused invitation keeps the chosen role; a refused role change does not leak into it", async () => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", OWNER);
    const page = await owner.visit("/dashboard/users");
    const refused = await owner.submit(page, pickForm(page.forms, INVITE), {
      fullName: "Ada Admin",
      email: "not-an-address",
      role: "ADMIN",
    });
    assert.equal(refused.status, 422);
    assert.deepEqual(shownAll(pickForm(refused.forms, INVITE)), {
      fullName: "Ada Admin",
      email: "not-an-address",
      role: "ADMIN",
    });

    const fresh = await owner.visit("/dashboard/users");
    const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const users = (await (await app.request(`${DEMO}/api/users`, { headers: { cookie } })).json())
      .users as Array<{ id: string; email: string }>;
    const ownerId = users.find((u) => u.email === OWNER.email)!.id;
    const samId = users.find((u) => u.email === "staff@demo.test")!.id;
    // The owner's own row has no role form now; a page from before (Sam's form, the owner's
    // address) is the way such a post still arrives.
    const stale = { ...pickForm(fresh.forms, ROLE, samId), action: `/dashboard/users/${ownerId}` };
    const stepDown = await owner.submit(fresh, stale, { role: "ADMIN" });
    assert.equal(stepDown.status, 409);
    assert.match(stepDown.html, /needs at least one active owner/);
    // The invitation form is as a fresh page shows it, not preset to the role that was refused.
    assert.deepEqual(
      shownAll(pickForm(stepDown.forms, INVITE)),
      shownAll(pickForm(fresh.forms, INVITE)),
    );
  } finally {
    await app.close();
  }
});

Deno.test("Find my place: once a phone is locked the form says so, keeps the number and says when to retry", async () => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "1000" });
  try {
    const customer = openBrowser(app, DEMO);
    const home = await customer.visit("/");
    const joined = await customer.submit(home, pickForm(home.forms, JOIN), {
      customerName: "Cleo",
      customerPhone: "0123456781",
    });
    assert.equal(joined.status, 303);
    const code = (await customer.follow(joined)).html.match(/data-testid="code">(\d{4})</)?.[1];
    assert.ok(code, "the ticket shows its code");
    const wrong = code === "0000" ? "1111" : "0000";
    const laptop = openBrowser(app, DEMO);
    const statuses: number[] = [];
    let last: Page | null = null;
    for (let i = 0; i < 6; i++) {
      const page = await laptop.visit("/queue/recover");
      last = await laptop.submit(page, pickForm(page.forms, RECOVER), {
        customerPhone: "0123456781",
        verificationCode: wrong,
      });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429]);
    assert.match(last!.html, /Too many wrong codes for this phone|try again in \d+ seconds/);
    assert.ok(Number(last!.headers.get("retry-after")) > 0, "Retry-After says when");
    assert.equal(shownAll(pickForm(last!.forms, RECOVER)).customerPhone, "0123456781");
  } finally {
    await app.close();
  }
});
