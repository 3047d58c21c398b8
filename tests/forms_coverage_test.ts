import assert from "node:assert/strict";
import { startTestApp } from "./helpers/test_app.ts";
import { type FormBrowser, jsonPost, openBrowser, signInWithForm } from "./helpers/forms.ts";
import { decodeEntities } from "./helpers/page_forms.ts";
import { startSmtpSink } from "./helpers/smtp_sink.ts";

const DEMO = "http://demo.localhost";
const ADMIN_HOST = "http://admin.localhost";
const MAX_PAGES = 80;

/**
 * Loads `starts` and every same-origin page their links lead to, as `browser`, and returns the
 * signature of every form seen, with the first page that showed it.
 */
async function crawlForms(
  browser: FormBrowser,
  starts: string[],
  seen: Map<string, string>,
  visited: Set<string>,
): Promise<void> {
  const queue = [...starts];
  while (queue.length) {
    const path = queue.shift()!;
    if (visited.has(`${browser.origin}${path}`)) continue;
    visited.add(`${browser.origin}${path}`);
    if (visited.size > MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages: a link loop?`);
    const page = await browser.visit(path);
    for (const form of page.forms) {
      if (!seen.has(form.signature)) seen.set(form.signature, page.url);
    }
    for (const m of page.html.matchAll(/<a\s[^>]*?href="([^"]+)"/g)) {
      const href = decodeEntities(m[1]!);
      if (href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/static/")) {
        queue.push(href);
      }
    }
  }
}

/** The forms_*_test.ts files (but this one), whose sources name the forms they submit. */
async function formTestSources(): Promise<Map<string, string>> {
  const dir = new URL(".", import.meta.url);
  const sources = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    if (/^forms_.+_test\.ts$/.test(entry.name) && entry.name !== "forms_coverage_test.ts") {
      sources.set(entry.name, await Deno.readTextFile(new URL(entry.name, dir)));
    }
  }
  return sources;
}

Deno.test("every form the product renders is submitted by a forms_*_test.ts test", async () => {
  const sink = await startSmtpSink();
  const app = await startTestApp({
    SMTP_URL: sink.url,
    RATE_LIMIT_LOGIN_PER_15_MIN: "1000",
    RATE_LIMIT_JOIN_PER_MINUTE: "1000",
  });
  try {
    const seen = new Map<string, string>();
    const visited = new Set<string>();

    // A customer, with a ticket so the home page links to it.
    const customer = openBrowser(app, DEMO);
    const home = await customer.visit("/");
    const queueId = home.html.match(/name="queueId" value="([0-9a-f-]{36})"/)?.[1];
    const joined = await jsonPost(app, `${DEMO}/api/queues/${queueId}/join`, {
      customerName: "Crawler",
      customerPhone: "0123456785",
      partySize: 2,
    });
    assert.equal(joined.status, 201);
    const { entry } = await joined.json();
    await crawlForms(
      customer,
      ["/", `/queue/status/${entry.sessionId}`, "/dashboard"],
      seen,
      visited,
    );

    // Someone who followed a reset link from their mail.
    const forgot = await jsonPost(app, `${DEMO}/api/auth/forgot-password`, {
      email: "staff@demo.test",
    });
    assert.equal(forgot.status, 200);
    const mail = await sink.waitForMail("staff@demo.test");
    const link = mail.text.match(/\/dashboard\/password\/reset\?token=[A-Za-z0-9_-]{43}/)?.[0];
    assert.ok(link, "a reset link was mailed");
    await crawlForms(openBrowser(app, DEMO), [link], seen, visited);

    // An owner, with a deactivated user so both of a row's buttons show.
    const owner = openBrowser(app, DEMO);
    await signInWithForm(owner, "/dashboard/login", {
      email: "owner@demo.test",
      password: "demo1234",
    });
    const users = await owner.fetchJson(await owner.visit("/dashboard"), "/api/users", {
      email: "gone@demo.test",
      fullName: "Gone Person",
    });
    assert.equal(users.status, 201);
    const { user } = await users.json();
    const off = await app.request(`${DEMO}/api/users/${user.id}`, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body: JSON.stringify({ isActive: false }),
    });
    assert.equal(off.status, 200);
    visited.clear();
    await crawlForms(owner, ["/dashboard"], seen, visited);

    // The back office, signed out and signed in.
    const admin = openBrowser(app, ADMIN_HOST);
    await crawlForms(admin, ["/backoffice"], seen, visited);
    await signInWithForm(admin, "/backoffice/login", {
      email: "admin@qms.test",
      password: "admin1234",
    });
    visited.clear();
    await crawlForms(admin, ["/backoffice"], seen, visited);

    // Positive control: the crawl reached the pages behind sign-in and the mailed link.
    for (
      const expected of [
        'POST /dashboard/users "Send invitation"',
        'POST /api/auth/reset-password "Save the new password"',
        'POST /backoffice/logout "Sign out"',
      ]
    ) assert.ok(seen.has(expected), `the crawl did not reach ${expected}`);

    const sources = await formTestSources();
    assert.ok(sources.size >= 3, "the forms_*_test.ts files were found");
    const untested = [...seen].filter(([signature]) =>
      ![...sources.values()].some((source) => source.includes(`'${signature}'`))
    ).map(([signature, url]) => `${signature} (on ${url})`);
    assert.deepEqual(untested, [], "forms no forms_*_test.ts submits");
  } finally {
    await app.close();
    await sink.close();
  }
});
