import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { islandProps, jsonPost, openBrowser, type Page, signInWithForm } from "./helpers/forms.ts";
import { type PageForm, pickForm } from "./helpers/page_forms.ts";

// Each form is named by its signature; tests/forms_coverage_test.ts checks that every form the
// product renders is named in some forms_*_test.ts file.
const DEMO = "http://demo.localhost";
const OWNER = { email: "owner@demo.test", password: "demo1234" };
const CREATE_QUEUE = 'POST /dashboard/queues "Create queue"';
const EDIT_QUEUE = 'POST /dashboard/queues/:id/settings "Save changes"';
const DELETE_QUEUE = 'POST /dashboard/queues/:id/delete "Delete this queue"';
const SETTINGS = 'POST /dashboard/settings "Save settings"';
const LIST_VIEW = 'POST /dashboard/board-view "List view"';
const CARDS_VIEW = 'POST /dashboard/board-view "Cards view"';
const JOIN = 'POST / "Join the queue"';

/** What a control shows: a text's value, a box's tick ("on"/"off"). */
function shown(form: PageForm, name: string): string | undefined {
  const c = form.controls.find((c) => c.name === name && c.type !== "hidden");
  if (c?.tag === "select") return c.options.find((o) => o.selected)?.value;
  return c?.type === "checkbox" ? (c.checked ? "on" : "off") : c?.value;
}

function alerts(page: Page): string[] {
  return [...page.html.matchAll(/role="alert"[^>]*>([^<]*)</g)].map((m) => m[1]!);
}

/** The id of the queue called `name` on the manage page (its summary names it). */
function queueIdOn(page: Page, name: string): string {
  const block = page.html.split("<details").find((d) => d.includes(`>${name}<span`));
  const id = block?.match(/action="\/dashboard\/queues\/([0-9a-f-]{36})\/settings"/)?.[1];
  if (!id) throw new Error(`no queue ${name} on ${page.url}`);
  return id;
}

Deno.test("manage queues: create, edit and delete from the page's forms", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", OWNER);
    const customer = openBrowser(app, DEMO);
    let deletedPatio = "";

    await t.step("a refused new queue keeps what was typed and ticked", async () => {
      const page = await owner.visit("/dashboard/queues");
      const form = pickForm(page.forms, CREATE_QUEUE);
      assert.deepEqual(
        form.controls.filter((c) => c.type === "checkbox").map((c) => `${c.name} ${c.checked}`),
        [
          "isActive true",
          "acceptingCustomers true",
          "allowCancellation true",
          "requireConfirmation true",
          "autoNotifications true",
        ],
      );
      const refused = await owner.submit(page, form, {
        name: "Patio",
        maxCapacity: "0",
        businessHoursStart: "nine",
        allowCancellation: false,
      });
      assert.equal(refused.status, 422);
      assert.deepEqual(alerts(refused), ["Please check the highlighted fields"]);
      assert.match(refused.html, /Capacity must be at least 1/);
      assert.match(refused.html, /Opening time must look like 09:00/);
      const again = pickForm(refused.forms, CREATE_QUEUE);
      assert.equal(shown(again, "name"), "Patio");
      assert.equal(shown(again, "maxCapacity"), "0");
      assert.equal(shown(again, "businessHoursStart"), "nine");
      assert.equal(shown(again, "allowCancellation"), "off");
      assert.equal(shown(again, "acceptingCustomers"), "on");
    });

    await t.step("a new queue is listed with its settings and offered to customers", async () => {
      const page = await owner.visit("/dashboard/queues");
      const answer = await owner.submit(page, pickForm(page.forms, CREATE_QUEUE), {
        name: "Patio",
        description: "Outside tables",
        maxCapacity: "20",
        businessHoursStart: "00:00",
        businessHoursEnd: "24:00",
        allowCancellation: false,
      });
      assert.equal(answer.status, 303, alerts(answer).join());
      assert.equal(answer.location, "/dashboard/queues?saved=1");
      const after = await owner.follow(answer);
      assert.match(after.html, /role="status"[^>]*>Saved\./);
      const id = queueIdOn(after, "Patio");
      const saved = pickForm(after.forms, EDIT_QUEUE, id);
      assert.equal(shown(saved, "description"), "Outside tables");
      assert.equal(shown(saved, "maxCapacity"), "20");
      assert.equal(shown(saved, "allowCancellation"), "off");
      assert.equal(shown(saved, "requireConfirmation"), "on");
      const home = await customer.visit("/");
      assert.ok(pickForm(home.forms, JOIN, id), "customers can join it");
    });

    await t.step("a refused edit opens that queue's form with the message", async () => {
      const page = await owner.visit("/dashboard/queues");
      const id = queueIdOn(page, "Patio");
      const refused = await owner.submit(page, pickForm(page.forms, EDIT_QUEUE, id), {
        businessHoursEnd: "25:00",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /Closing time must look like 17:00 \(24:00 for midnight\)/);
      assert.match(refused.html, /<details\s+open[^>]*>\s*<summary[^>]*>Patio</);
      const again = pickForm(refused.forms, EDIT_QUEUE, id);
      assert.equal(shown(again, "businessHoursEnd"), "25:00");
      assert.equal(shown(again, "name"), "Patio");
    });

    await t.step("an edit renames and stops joins; customers see it", async () => {
      const page = await owner.visit("/dashboard/queues");
      const id = queueIdOn(page, "Patio");
      const answer = await owner.submit(page, pickForm(page.forms, EDIT_QUEUE, id), {
        name: "Patio & garden",
        acceptingCustomers: false,
      });
      assert.equal(answer.status, 303, alerts(answer).join());
      const after = await owner.follow(answer);
      assert.match(after.html, />Patio &amp; garden<span[^>]*>not accepting customers</);
      const home = await customer.visit("/");
      assert.match(home.html, /Patio &amp; garden[\s\S]*?Not taking new customers right now/);
      assert.ok(!home.forms.some((f) => f.action.includes(id)), "no join form for it");
      assert.ok(pickForm(home.forms, JOIN), "the other queue still takes customers");
    });

    await t.step("Delete asks first, on a page of its own; nothing is deleted yet", async () => {
      const page = await owner.visit("/dashboard/queues");
      const patio = queueIdOn(page, "Patio &amp; garden");
      assert.ok(!page.forms.some((f) => f.action.endsWith("/delete")), "no one-click delete");
      assert.match(page.html, new RegExp(`href="/dashboard/queues/${patio}/delete"`));
      const confirm = await owner.visit(`/dashboard/queues/${patio}/delete`);
      assert.equal(confirm.status, 200);
      assert.match(confirm.html, /Delete the queue “Patio &amp; garden”\?/);
      assert.ok(pickForm(confirm.forms, DELETE_QUEUE, patio));
      const home = await customer.visit("/");
      assert.match(home.html, /Patio &amp; garden/, "still there");
    });

    await t.step("a wrong name is refused on the confirm page, with what was typed", async () => {
      const patio = queueIdOn(await owner.visit("/dashboard/queues"), "Patio &amp; garden");
      const confirm = await owner.visit(`/dashboard/queues/${patio}/delete`);
      const refused = await owner.submit(confirm, pickForm(confirm.forms, DELETE_QUEUE, patio), {
        confirmName: "Patio",
      });
      assert.equal(refused.status, 422);
      assert.deepEqual(alerts(refused), ["Please check the highlighted fields"]);
      assert.match(refused.html, /Type the queue's name, Patio &amp; garden, to delete it/);
      assert.equal(shown(pickForm(refused.forms, DELETE_QUEUE, patio), "confirmName"), "Patio");
      assert.match((await customer.visit("/")).html, /Patio &amp; garden/, "not deleted");
    });

    await t.step(
      "a queue with people in it is not deleted; an empty one is, and says so",
      async () => {
        const page = await owner.visit("/dashboard/queues");
        const dineIn = queueIdOn(page, "Dine-in");
        const joined = await jsonPost(app, `${DEMO}/api/queues/${dineIn}/join`, {
          customerName: "Gus",
          customerPhone: "0123456784",
          partySize: 2,
        });
        assert.equal(joined.status, 201);
        await joined.body?.cancel();
        const confirmDineIn = await owner.visit(`/dashboard/queues/${dineIn}/delete`);
        const refused = await owner.submit(
          confirmDineIn,
          pickForm(confirmDineIn.forms, DELETE_QUEUE, dineIn),
          { confirmName: "Dine-in" },
        );
        assert.equal(refused.status, 409);
        assert.deepEqual(alerts(refused), [
          "1 party is still in Dine-in; stop taking customers and serve them before deleting it",
        ]);
        assert.equal(
          shown(pickForm(refused.forms, DELETE_QUEUE, dineIn), "confirmName"),
          "Dine-in",
        );

        const patio = queueIdOn(page, "Patio &amp; garden");
        const confirm = await owner.visit(`/dashboard/queues/${patio}/delete`);
        const answer = await owner.submit(confirm, pickForm(confirm.forms, DELETE_QUEUE, patio), {
          confirmName: "  patio & GARDEN ",
        });
        assert.equal(answer.status, 303, alerts(answer).join());
        assert.equal(answer.location, `/dashboard/queues?deleted=${patio}`);
        const after = await owner.follow(answer);
        assert.match(
          after.html,
          /role="status"[^>]*>Deleted the queue “Patio &amp; garden”\. Customers can no longer/,
        );
        assert.doesNotMatch(after.html, /Saved\./);
        assert.ok(!after.forms.some((f) => f.action.includes(patio)), "gone from the page");
        assert.ok(queueIdOn(after, "Dine-in"));
        const home = await customer.visit("/");
        assert.doesNotMatch(home.html, /Patio/);
        assert.match(home.html, /Dine-in/);
        const gone = await owner.visit(`/dashboard/queues/${patio}/delete`);
        assert.equal(gone.status, 404);
        deletedPatio = patio;
      },
    );

    await t.step("another tenant's deleted queue is never named on this page", async () => {
      const cafe = openBrowser(app, "http://cafe.localhost");
      await signInWithForm(cafe, "/dashboard/login", {
        email: "owner@cafe.test",
        password: "cafe1234",
      });
      const page = await owner.visit("/dashboard/queues");
      const dineIn = queueIdOn(page, "Dine-in");
      const mine = await owner.visit(`/dashboard/queues?deleted=${deletedPatio}`);
      assert.match(mine.html, /Deleted the queue “Patio &amp; garden”/);
      const other = await cafe.visit(`/dashboard/queues?deleted=${deletedPatio}`);
      assert.equal(other.status, 200);
      assert.doesNotMatch(other.html, /Deleted the queue|Patio/);
      const confirm = await cafe.visit(`/dashboard/queues/${dineIn}/delete`);
      assert.equal(confirm.status, 404);
    });
  } finally {
    await app.close();
  }
});

Deno.test("business settings: the form saves, and a refusal keeps what was typed", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", OWNER);

    await t.step("bad values come back with their messages", async () => {
      const page = await owner.visit("/dashboard/settings");
      const form = pickForm(page.forms, SETTINGS);
      assert.equal(shown(form, "businessName"), "Demo Bistro");
      // The time zone and colour are pickers: a page cannot send a zone it does not list.
      assert.throws(() => owner.submit(page, form, { timezone: "Mars/Olympus" }), /no option/);
      const refused = await owner.submit(page, form, {
        businessName: "X",
        timezone: "Asia/Tokyo",
        logoUrl: "ftp://logo.example/x.png",
      });
      assert.equal(refused.status, 422);
      assert.match(refused.html, /Business name must be at least 2 characters/);
      assert.match(refused.html, /The logo address must start with https:\/\//);
      const again = pickForm(refused.forms, SETTINGS);
      assert.equal(shown(again, "businessName"), "X");
      assert.equal(shown(again, "timezone"), "Asia/Tokyo");
      assert.equal(shown(again, "logoUrl"), "ftp://logo.example/x.png");
      assert.equal(shown(again, "phone"), "+60123456789", "untouched fields stay");
    });

    await t.step("good values are saved and shown again", async () => {
      const page = await owner.visit("/dashboard/settings");
      const answer = await owner.submit(page, pickForm(page.forms, SETTINGS), {
        businessName: "Demo Bistro & Bar",
        timezone: "Europe/London",
        brandColor: "#112233",
      });
      assert.equal(answer.status, 303, alerts(answer).join());
      assert.equal(answer.location, "/dashboard/settings?saved=1");
      const after = await owner.follow(answer);
      assert.match(after.html, /role="status"[^>]*>Saved\./);
      const saved = pickForm(after.forms, SETTINGS);
      assert.equal(shown(saved, "businessName"), "Demo Bistro & Bar");
      assert.equal(shown(saved, "timezone"), "Europe/London");
      assert.equal(shown(saved, "brandColor"), "#112233");
    });
  } finally {
    await app.close();
  }
});

Deno.test("board layout: the Cards/List forms remember the choice per person", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_LOGIN_PER_15_MIN: "1000" });
  try {
    const staff = openBrowser(app, DEMO);
    await signInWithForm(staff, "/dashboard/login", {
      email: "staff@demo.test",
      password: "demo1234",
    });
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", OWNER);
    const home = await staff.visit("/dashboard");
    const queueId = home.html.match(/href="\/dashboard\/queues\/([0-9a-f-]{36})"/)![1]!;
    const view = (page: Page) => islandProps(page, "StaffBoard").initialView;

    await t.step("List view is kept for this person, back on the same board", async () => {
      const board = await staff.visit(`/dashboard/queues/${queueId}`);
      assert.equal(view(board), "cards");
      const answer = await staff.submit(board, pickForm(board.forms, LIST_VIEW));
      assert.equal(answer.status, 303);
      assert.equal(answer.location, `/dashboard/queues/${queueId}`);
      const after = await staff.follow(answer);
      assert.equal(view(after), "list");
      assert.match(after.html, /data-testid="dense-list"/);
      assert.equal(view(await owner.visit(`/dashboard/queues/${queueId}`)), "cards", "not others");
    });

    await t.step("Cards view switches back; a view that does not exist is refused", async () => {
      const board = await staff.visit(`/dashboard/queues/${queueId}`);
      const answer = await staff.submit(board, pickForm(board.forms, CARDS_VIEW));
      assert.equal(answer.status, 303);
      assert.equal(view(await staff.follow(answer)), "cards");
      const bad = await staff.fetchJson(board, "/dashboard/board-view", { view: "grid" });
      assert.equal(bad.status, 422);
      assert.deepEqual(await bad.json(), {
        error: "Please check the highlighted fields",
        code: "invalid_input",
        fields: { view: "Choose the cards or the list view" },
      });
      const json = await staff.fetchJson(board, "/dashboard/board-view", { view: "list" });
      assert.equal(json.status, 200);
      assert.deepEqual(await json.json(), { view: "list" });
      assert.equal(view(await staff.visit(`/dashboard/queues/${queueId}`)), "list");
    });
  } finally {
    await app.close();
  }
});
