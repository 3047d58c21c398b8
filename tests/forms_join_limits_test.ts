/**
 * The join form's refusals as the page submits them: every answer is a page at `/` with the
 * message and what was typed, never JSON; the per-minute limit counts joins, not attempts.
 */
import assert from "node:assert/strict";
import { openBrowser } from "./helpers/forms.ts";
import { pickForm } from "./helpers/page_forms.ts";
import { DB_KIND, startTestApp } from "./helpers/test_app.ts";
import { whileQueueLocked } from "./helpers/test_db_repo.ts";

const DEMO = "http://demo.localhost";
const JOIN = 'POST / "Join the queue"';

function valueOf(html: string, name: string): string | undefined {
  return html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];
}

function refusalText(page: { html: string }): string | undefined {
  return page.html.match(/data-testid="join-refusal"[^>]*>([^<]*)</)?.[1];
}

Deno.test("a shared Wi-Fi: failed join attempts do not use up the join limit", async (t) => {
  const app = await startTestApp({ RATE_LIMIT_JOIN_PER_MINUTE: "2" });
  try {
    // Everyone behind the restaurant's Wi-Fi has one address.
    const wifi = "203.0.113.7";
    const family = openBrowser(app, DEMO, { ip: wifi });

    await t.step("six typos from the same address are each refused for what they are", async () => {
      for (let i = 0; i < 6; i++) {
        const home = await family.visit("/");
        const refused = await family.submit(home, pickForm(home.forms, JOIN), {
          customerName: "",
          customerPhone: "0123456789",
        });
        assert.equal(refused.status, 422, `attempt ${i + 1}`);
        assert.equal(refusalText(refused), "Please check the highlighted fields");
      }
    });

    await t.step("then two joins go through", async () => {
      for (const [name, phone] of [["Aisyah", "0123450001"], ["Bala", "0123450002"]]) {
        const guest = openBrowser(app, DEMO, { ip: wifi });
        const home = await guest.visit("/");
        const joined = await guest.submit(home, pickForm(home.forms, JOIN), {
          customerName: name!,
          customerPhone: phone!,
        });
        assert.equal(joined.status, 303, refusalText(joined) ?? "");
      }
    });

    await t.step("the third join is refused on the page, with what was typed kept", async () => {
      const guest = openBrowser(app, DEMO, { ip: wifi });
      const home = await guest.visit("/");
      const refused = await guest.submit(home, pickForm(home.forms, JOIN), {
        customerName: "Chong",
        customerPhone: "0123450003",
        notes: "Baby chair",
      });
      assert.equal(refused.status, 429);
      assert.match(refused.headers.get("content-type") ?? "", /^text\/html/, "a page, not JSON");
      assert.ok(Number(refused.headers.get("retry-after")) > 0);
      assert.match(refusalText(refused) ?? "", /^Too many joins from this connection; .* seconds$/);
      assert.equal(valueOf(refused.html, "customerName"), "Chong");
      assert.equal(valueOf(refused.html, "customerPhone"), "0123450003");
      assert.match(refused.html, />Baby chair<\/textarea>/);
      assert.equal(pickForm(refused.forms, JOIN).action, "/");
    });

    await t.step("another address joins as usual", async () => {
      const other = openBrowser(app, DEMO, { ip: "198.51.100.9" });
      const home = await other.visit("/");
      const joined = await other.submit(home, pickForm(home.forms, JOIN), {
        customerName: "Devi",
        customerPhone: "0123450004",
      });
      assert.equal(joined.status, 303);
    });

    await t.step("in Malay the refusal speaks Malay", async () => {
      const guest = openBrowser(app, DEMO, { ip: wifi, acceptLanguage: "ms" });
      const home = await guest.visit("/");
      const form = home.forms.find((f) => f.controls.some((c) => c.name === "queueId"))!;
      const refused = await guest.submit(home, form, {
        customerName: "Eka",
        customerPhone: "0123450005",
      });
      assert.equal(refused.status, 429);
      assert.match(refusalText(refused) ?? "", /^Terlalu banyak cubaan dari sambungan ini/);
    });
  } finally {
    await app.close();
  }
});

Deno.test({
  name: "the database timing out during a join answers the page again (503), input kept",
  ignore: DB_KIND !== "postgres",
  async fn() {
    const app = await startTestApp({ DATABASE_LOCK_TIMEOUT_MS: "300" });
    try {
      const guest = openBrowser(app, DEMO);
      const home = await guest.visit("/");
      const form = pickForm(home.forms, JOIN);
      const queueId = form.controls.find((c) => c.name === "queueId")!.value;
      const refused = await whileQueueLocked(
        app.ownerDb,
        queueId,
        () => guest.submit(home, form, { customerName: "Farah", customerPhone: "0123450006" }),
      );
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get("retry-after"), "2");
      assert.match(refused.headers.get("content-type") ?? "", /^text\/html/);
      assert.match(refusalText(refused) ?? "", /try again in a moment/);
      assert.equal(valueOf(refused.html, "customerName"), "Farah");
      const again = await guest.submit(refused, pickForm(refused.forms, JOIN));
      assert.equal(again.status, 303, "the same form joins once the database answers");
    } finally {
      await app.close();
    }
  },
});
