import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "./helpers/test_app.ts";
import {
  islandProps,
  jsonPost,
  openBrowser,
  type Page,
  signInWithForm,
  staffCookie,
} from "./helpers/forms.ts";
import { decodeEntities, type PageForm, pickForm } from "./helpers/page_forms.ts";
import type { BoardSnapshot } from "../lib/queue/snapshot.ts";

// Each form is named by its signature; tests/forms_coverage_test.ts checks that every form the
// product renders is named in some forms_*_test.ts file.
const DEMO = "http://demo.localhost";
const JOIN = 'POST / "Join the queue"';
const RECOVER = 'POST /queue/recover "Find my place"';
const LIMITS = { RATE_LIMIT_JOIN_PER_MINUTE: "1000", RATE_LIMIT_LOGIN_PER_15_MIN: "1000" };

function shown(form: PageForm, name: string): string | undefined {
  const c = form.controls.find((c) => c.name === name && c.type !== "hidden");
  return c?.type === "radio"
    ? form.controls.find((r) => r.name === name && r.checked)?.value
    : c?.value;
}

function alerts(page: Page): string[] {
  return [...page.html.matchAll(/role="alert"[^>]*>([^<]*)</g)].map((m) => m[1]!);
}

/** The text of an element marked with `data-testid`. */
function testId(page: Page, id: string): string | undefined {
  const text = page.html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1];
  return text === undefined ? undefined : decodeEntities(text);
}

async function boardOf(app: TestApp, queueId: string): Promise<BoardSnapshot> {
  const staff = openBrowser(app, DEMO);
  await signInWithForm(staff, "/dashboard/login", {
    email: "staff@demo.test",
    password: "demo1234",
  });
  const page = await staff.visit(`/dashboard/queues/${queueId}`);
  return islandProps(page, "StaffBoard").board as BoardSnapshot;
}

Deno.test("the join form joins, and a refusal comes back with what was typed", async (t) => {
  const app = await startTestApp(LIMITS);
  try {
    const ana = openBrowser(app, DEMO);

    await t.step("a refused join keeps every typed value beside its message", async () => {
      const home = await ana.visit("/");
      const form = pickForm(home.forms, JOIN);
      assert.deepEqual(form.controls.map((c) => `${c.type} ${c.name}`), [
        "hidden _csrf",
        "hidden queueId",
        "text customerName",
        "tel customerPhone",
        "number partySize",
        "email customerEmail",
        "textarea notes",
        "submit ",
      ]);
      assert.equal(shown(form, "partySize"), "2", "a party of two unless changed");
      const refused = await ana.submit(home, form, {
        customerName: "Ana",
        customerPhone: "12",
        partySize: "0",
        customerEmail: "ana@",
        notes: "Window seat",
      });
      assert.equal(refused.status, 422);
      assert.deepEqual(alerts(refused), ["Please check the highlighted fields"]);
      assert.match(refused.html, /Phone number must have 7 to 15 digits/);
      assert.match(refused.html, /Party size must be at least 1/);
      assert.match(refused.html, /Enter a valid email address/);
      const again = pickForm(refused.forms, JOIN);
      assert.equal(shown(again, "customerName"), "Ana");
      assert.equal(shown(again, "customerPhone"), "12");
      assert.equal(shown(again, "partySize"), "0");
      assert.equal(shown(again, "notes"), "Window seat");
      assert.equal(shown(again, "customerEmail"), "ana@");
    });

    await t.step("a good join opens the ticket, and the home page remembers it", async () => {
      const home = await ana.visit("/");
      const answer = await ana.submit(home, pickForm(home.forms, JOIN), {
        customerName: "Ana",
        customerPhone: "012 345 6789",
        partySize: "3",
        notes: "Window seat\nhigh chair",
      });
      assert.equal(answer.status, 303, alerts(answer).join());
      assert.match(answer.location ?? "", /^\/queue\/status\/[A-Za-z0-9_-]{32}$/);
      const status = await ana.follow(answer);
      assert.equal(testId(status, "ticket"), "A001");
      assert.equal(testId(status, "headline"), "You're in the queue");
      assert.match(status.html, /Ana · 3 guests/);
      const back = await ana.visit("/");
      assert.match(back.html, new RegExp(`href="${answer.location}"`));
      const { entry } =
        await (await app.request(`${DEMO}/api/queues/entry/${answer.location!.split("/").at(-1)}`))
          .json();
      assert.equal(entry.partySize, 3);
    });
  } finally {
    await app.close();
  }
});

Deno.test("with several queues each join form joins its own queue, with its service types", async (t) => {
  const app = await startTestApp(LIMITS);
  try {
    const owner = { cookie: await staffCookie(app, DEMO, "owner@demo.test", "demo1234") };
    const created = await jsonPost(app, `${DEMO}/api/queues`, {
      name: "Takeaway",
      businessHoursStart: "00:00",
      businessHoursEnd: "24:00",
    }, { headers: owner });
    assert.equal(created.status, 201);
    const takeaway: string = (await created.json()).queue.id;
    const types: Record<string, string> = {};
    for (const name of ["Pick-up", "Delivery"]) {
      const res = await jsonPost(app, `${DEMO}/api/queues/${takeaway}/service-types`, { name }, {
        headers: owner,
      });
      assert.equal(res.status, 201);
      types[(await res.json()).serviceType.id] = name;
    }
    const ben = openBrowser(app, DEMO);
    let second = "";

    await t.step("a refusal shows in the form of the queue that refused", async () => {
      const home = await ben.visit("/");
      assert.equal(home.forms.filter((f) => f.signature === JOIN).length, 2);
      const form = pickForm(home.forms, JOIN, takeaway);
      const offered = form.controls.filter((c) => c.name === "serviceTypeId").map((c) => c.value);
      assert.deepEqual(offered.map((id) => types[id]).sort(), ["Delivery", "Pick-up"]);
      assert.equal(shown(form, "serviceTypeId"), offered[0], "the first type is chosen");
      second = offered[1]!;
      const refused = await ben.submit(home, form, {
        customerName: "",
        customerPhone: "0123456780",
        serviceTypeId: second,
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /Name is required/);
      const [dineIn, again] = refused.forms.filter((f) => f.signature === JOIN);
      assert.ok(dineIn && again);
      assert.equal(again.controls.find((c) => c.name === "queueId")?.value, takeaway);
      assert.equal(again.action, "/", "the refused form still posts to the page itself");
      assert.equal(shown(again, "customerPhone"), "0123456780");
      assert.equal(shown(again, "serviceTypeId"), second);
      assert.equal(shown(dineIn, "customerPhone"), "", "the other queue's form stays empty");
      assert.equal(alerts(refused).length, 1);
    });

    await t.step("the chosen service type reaches the staff board", async () => {
      const home = await ben.visit("/");
      const answer = await ben.submit(home, pickForm(home.forms, JOIN, takeaway), {
        customerName: "Ben",
        customerPhone: "0123456780",
        serviceTypeId: second,
      });
      assert.equal(answer.status, 303, alerts(answer).join());
      const status = await ben.follow(answer);
      assert.match(status.html, /Demo Bistro · Takeaway/);
      const board = await boardOf(app, takeaway);
      assert.deepEqual(
        board.waiting.map((e) => [e.customerName, e.partySize, e.serviceTypeName]),
        [["Ben", 2, types[second]]],
      );
    });
  } finally {
    await app.close();
  }
});

Deno.test("Find my place: the code from the ticket brings a lost ticket back", async (t) => {
  const app = await startTestApp(LIMITS);
  try {
    const phone = openBrowser(app, DEMO);
    const home = await phone.visit("/");
    const joined = await phone.submit(home, pickForm(home.forms, JOIN), {
      customerName: "Cleo",
      customerPhone: "0123456781",
    });
    assert.equal(joined.status, 303);
    const ticket = await phone.follow(joined);
    const code = ticket.html.match(/data-testid="code">(\d{4})</)?.[1] ??
      assert.fail("no code shown");
    const other = code === "0000" ? "1111" : "0000";
    const laptop = openBrowser(app, DEMO);

    await t.step("the home page links to it; a malformed code is refused inline", async () => {
      const start = await laptop.visit("/");
      assert.match(start.html, /href="\/queue\/recover"[^>]*>Find my place</);
      const page = await laptop.visit("/queue/recover");
      const refused = await laptop.submit(page, pickForm(page.forms, RECOVER), {
        customerPhone: "0123456781",
        verificationCode: "12",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /The code is the 4 digits shown when you joined/);
      assert.equal(shown(pickForm(refused.forms, RECOVER), "customerPhone"), "0123456781");
    });

    await t.step("a wrong code finds nothing and keeps the phone number", async () => {
      const page = await laptop.visit("/queue/recover");
      const refused = await laptop.submit(page, pickForm(page.forms, RECOVER), {
        customerPhone: "0123456781",
        verificationCode: other,
      });
      assert.equal(refused.status, 404);
      assert.equal(alerts(refused).length, 1);
      assert.equal(shown(pickForm(refused.forms, RECOVER), "customerPhone"), "0123456781");
    });

    await t.step("the right code opens the same ticket", async () => {
      const page = await laptop.visit("/queue/recover");
      const found = await laptop.submit(page, pickForm(page.forms, RECOVER), {
        customerPhone: "012 345 6781",
        verificationCode: code,
      });
      assert.equal(found.status, 303);
      assert.equal(found.location, joined.location);
      const status = await laptop.follow(found);
      assert.equal(testId(status, "ticket"), testId(ticket, "ticket"));
      assert.match(status.html, /Cleo · 2 guests/);
    });
  } finally {
    await app.close();
  }
});

/** A customer who joined through the home page's form, on their status page. */
async function joinAs(app: TestApp, name: string, phone: string) {
  const browser = openBrowser(app, DEMO);
  const home = await browser.visit("/");
  const answer = await browser.submit(home, pickForm(home.forms, JOIN), {
    customerName: name,
    customerPhone: phone,
  });
  assert.equal(answer.status, 303);
  return { browser, status: await browser.follow(answer) };
}

/** What QueueStatus does on a click: a JSON post below its `actionsUrl`. */
async function press(who: Awaited<ReturnType<typeof joinAs>>, action: string) {
  const { actionsUrl } = islandProps(who.status, "QueueStatus") as { actionsUrl: string };
  const res = await who.browser.fetchJson(who.status, `${actionsUrl}/${action}`, {});
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()).entry;
}

Deno.test("the status page's own buttons cancel a place and say 'I'm on my way'", async (t) => {
  const app = await startTestApp(LIMITS);
  try {
    const dee = await joinAs(app, "Dee", "0123456782");
    const eve = await joinAs(app, "Eve", "0123456783");

    await t.step("'I'm on my way' appears once called, and tells the staff", async () => {
      // As a button's words: the page also carries its islands' messages as JSON.
      assert.doesNotMatch(dee.status.html, />I(&#39;|')m on my way</);
      const cookie = await staffCookie(app, DEMO, "staff@demo.test", "demo1234");
      const { entry } = islandProps(dee.status, "QueueStatus") as { entry: { queueId: string } };
      const queueId = entry.queueId;
      const called = await jsonPost(app, `${DEMO}/api/queues/${queueId}/call-next`, {}, {
        headers: { cookie },
      });
      assert.equal((await called.json()).entry.customerName, "Dee");
      dee.status = await dee.browser.visit(new URL(dee.status.url).pathname);
      assert.match(dee.status.html, />I(&#39;|')m on my way</);
      assert.equal((await press(dee, "confirm")).status, "called");
      const after = await dee.browser.visit(new URL(dee.status.url).pathname);
      assert.equal(testId(after, "confirmed"), "Thanks, the staff know you're coming.");
      const board = await boardOf(app, queueId);
      assert.ok(board.called.find((e) => e.customerName === "Dee")?.confirmedAt);
    });

    await t.step("'Cancel my place' gives the place up", async () => {
      assert.match(eve.status.html, />Cancel my place</);
      assert.equal((await press(eve, "cancel")).status, "cancelled");
      const after = await eve.browser.visit(new URL(eve.status.url).pathname);
      assert.equal(testId(after, "headline"), "Your place was cancelled");
      assert.doesNotMatch(after.html, />Cancel my place</);
    });
  } finally {
    await app.close();
  }
});
